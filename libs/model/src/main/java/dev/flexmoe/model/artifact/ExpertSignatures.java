package dev.flexmoe.model.artifact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signatures of expert uploads. An owner signs the UTF-8 bytes of
 *
 * <pre>
 * flexmoe-expert-signature-v1
 * &lt;SHA-256 of expert.json as uploaded&gt;
 * &lt;SHA-256 of expert.safetensors&gt;
 * </pre>
 *
 * (each line ending in a newline), so that the signature covers the manifest and the tensors and
 * cannot be replayed for other bytes. Keys are X.509 SubjectPublicKeyInfo (what {@code openssl pkey
 * -pubout} writes, in PEM or base64 DER) or the raw 32-byte key in base64.
 */
public final class ExpertSignatures {

  /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private ExpertSignatures() {}

  /** What an owner signs for this manifest and these tensors. */
  public static byte[] message(byte[] manifestJson, String artifactDigest) {
    return ("flexmoe-expert-signature-v1\n"
            + Digests.sha256(manifestJson)
            + "\n"
            + artifactDigest
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a public key as registered by an owner, into its X.509 encoding.
   *
   * @throws IllegalArgumentException when it is no Ed25519 public key
   */
  public static byte[] parsePublicKey(String text) {
    String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key is neither PEM nor base64");
    }
    if (bytes.length == 32) {
      byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
      System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
      System.arraycopy(bytes, 0, spki, ED25519_SPKI_PREFIX.length, 32);
      bytes = spki;
    }
    try {
      publicKey(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key is not an Ed25519 public key");
    }
    return bytes;
  }

  /** The file a signature is kept in beside {@code expert.json}, base64 on one line. */
  public static final String SIGNATURE = "expert.sig";

  /** A new Ed25519 key pair for an owner. */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK since 15 has Ed25519", e);
    }
  }

  /** Signs {@code message} with a PKCS#8 Ed25519 private key; the signature is 64 bytes. */
  public static byte[] sign(byte[] pkcs8Key, byte[] message) {
    try {
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8Key));
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  /** A key as PEM text ({@code PRIVATE KEY} for PKCS#8, {@code PUBLIC KEY} for X.509). */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** The DER bytes of a PEM private key. */
  public static byte[] parsePrivateKey(String pem) {
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the private key is not PEM");
    }
  }

  /** Whether {@code signature} (base64) over {@code message} verifies with the X.509 key. */
  public static boolean verifies(byte[] x509Key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey(x509Key));
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
  }
}

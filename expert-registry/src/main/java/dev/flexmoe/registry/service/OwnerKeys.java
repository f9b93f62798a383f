package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.registry.domain.OwnerKey;
import dev.flexmoe.registry.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Owners' Ed25519 public keys: once an owner has one, its uploads must be signed. */
@ApplicationScoped
public class OwnerKeys {

  /** The owner's key, and whether this registration added it (false: it was known already). */
  public record Registration(OwnerKey key, boolean created) {}

  /**
   * The owner's keys, oldest first, for the owner itself, operators and services (which check
   * uploads' signatures with them).
   *
   * @throws NotPermittedException when an owner asks for another owner's keys
   */
  public List<OwnerKey> keysOf(String ownerId, Caller caller) {
    if (!caller.maySeeExpertsOf(ownerId)) {
      throw new NotPermittedException("other-owner", "an owner can read only its own keys");
    }
    return OwnerKey.keysOf(ownerId);
  }

  /**
   * Registers a key of {@code ownerId}, by the owner itself or an operator; registering a known key
   * again returns it.
   *
   * @param publicKey PEM, base64 X.509 SubjectPublicKeyInfo, or the raw 32-byte key in base64
   * @throws NotPermittedException when an owner registers a key for another owner
   * @throws MalformedRequestException when the key is missing or not an Ed25519 public key
   */
  @Transactional
  public Registration register(String ownerId, String publicKey, Caller caller) {
    if (!caller.isOperator() && !ownerId.equals(caller.id())) {
      throw new NotPermittedException("other-owner", "an owner can register only its own keys");
    }
    if (publicKey == null) {
      throw new MalformedRequestException("missing-field", "publicKey", "publicKey is required");
    }
    byte[] key;
    try {
      key = ExpertSignatures.parsePublicKey(publicKey);
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("invalid-key", "publicKey", e.getMessage());
    }
    Optional<OwnerKey> existing =
        OwnerKey.keysOf(ownerId).stream().filter(k -> Arrays.equals(k.publicKey, key)).findFirst();
    if (existing.isPresent()) {
      return new Registration(existing.get(), false);
    }
    OwnerKey ownerKey = new OwnerKey();
    ownerKey.id = UUID.randomUUID();
    ownerKey.ownerId = ownerId;
    ownerKey.publicKey = key;
    ownerKey.registeredBy = caller.id();
    ownerKey.registeredAt = Instant.now();
    ownerKey.persist();
    return new Registration(ownerKey, true);
  }
}

package dev.flexmoe.registry.api;

import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.registry.domain.OwnerKey;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Owners' Ed25519 public keys: once an owner has one, its uploads must be signed. */
@Path("/api/v1/owners/{ownerId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "owner keys")
public class OwnerKeyResource {

  @Inject Caller caller;

  /**
   * @param publicKey PEM, base64 X.509 SubjectPublicKeyInfo, or the raw 32-byte key in base64
   */
  public record KeyRegistration(String publicKey) {}

  /** A registered key, named by the SHA-256 of its X.509 encoding. */
  public record KeyView(UUID id, String ownerId, String fingerprint, Instant registeredAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Transactional
  @Operation(summary = "Register an owner's Ed25519 public key (the owner itself, or an operator)")
  public Response register(@RestPath String ownerId, KeyRegistration registration) {
    if (!caller.isOperator() && !ownerId.equals(caller.id())) {
      throw ProblemException.forbidden("other-owner", "an owner can register only its own keys");
    }
    if (registration == null || registration.publicKey() == null) {
      throw ProblemException.badRequest("missing-field", "publicKey", "publicKey is required");
    }
    byte[] key;
    try {
      key = ExpertSignatures.parsePublicKey(registration.publicKey());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("invalid-key", "publicKey", e.getMessage());
    }
    String fingerprint = Digests.sha256(key);
    OwnerKey existing =
        OwnerKey.<OwnerKey>list("ownerId", ownerId).stream()
            .filter(k -> Digests.sha256(k.publicKey).equals(fingerprint))
            .findFirst()
            .orElse(null);
    if (existing != null) {
      return Response.ok(view(existing)).build();
    }
    OwnerKey ownerKey = new OwnerKey();
    ownerKey.id = UUID.randomUUID();
    ownerKey.ownerId = ownerId;
    ownerKey.publicKey = key;
    ownerKey.registeredBy = caller.id();
    ownerKey.registeredAt = Instant.now();
    ownerKey.persist();
    return Response.status(Response.Status.CREATED).entity(view(ownerKey)).build();
  }

  private static KeyView view(OwnerKey key) {
    return new KeyView(key.id, key.ownerId, Digests.sha256(key.publicKey), key.registeredAt);
  }
}

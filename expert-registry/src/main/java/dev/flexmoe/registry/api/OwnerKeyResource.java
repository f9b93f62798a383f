package dev.flexmoe.registry.api;

import dev.flexmoe.registry.domain.OwnerKey;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import dev.flexmoe.registry.service.OwnerKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Owners' Ed25519 public keys: once an owner has one, its uploads must be signed. */
@Path("/api/v1/owners/{ownerId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "owner keys")
public class OwnerKeyResource {

  @Inject OwnerKeys ownerKeys;

  @Inject Caller caller;

  /**
   * @param publicKey PEM, base64 X.509 SubjectPublicKeyInfo, or the raw 32-byte key in base64
   */
  public record KeyRegistration(String publicKey) {}

  /**
   * A registered key, named by the SHA-256 of its X.509 encoding.
   *
   * @param publicKey the key's X.509 SubjectPublicKeyInfo (DER) in base64
   */
  public record KeyView(
      UUID id, String ownerId, String fingerprint, String publicKey, Instant registeredAt) {}

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(
      summary = "An owner's registered keys, oldest first",
      description =
          "For the owner itself, operators, and services, which verify the owner's signatures"
              + " (GET /api/v1/experts/{id}/files/expert.sig) with them.")
  public List<KeyView> list(@RestPath String ownerId) {
    return ownerKeys.keysOf(ownerId, caller).stream().map(OwnerKeyResource::view).toList();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Operation(summary = "Register an owner's Ed25519 public key (the owner itself, or an operator)")
  public Response register(@RestPath String ownerId, KeyRegistration registration) {
    OwnerKeys.Registration registered =
        ownerKeys.register(ownerId, registration == null ? null : registration.publicKey(), caller);
    KeyView view = view(registered.key());
    return registered.created()
        ? Response.status(Response.Status.CREATED).entity(view).build()
        : Response.ok(view).build();
  }

  private static KeyView view(OwnerKey key) {
    return new KeyView(
        key.id,
        key.ownerId,
        key.fingerprint(),
        Base64.getEncoder().encodeToString(key.publicKey),
        key.registeredAt);
  }
}

package dev.flexmoe.events;

/**
 * The owner withdrew an expert: it leaves every future model version, and inference stops routing
 * to it as soon as its policy says so.
 *
 * @param reason the owner's free-text reason, if given
 */
public record ExpertWithdrawn(String expertId, String ownerId, @Nullable String reason)
    implements EventPayload {

  public ExpertWithdrawn {
    Require.text(expertId, "expertId");
    Require.text(ownerId, "ownerId");
  }

  @Override
  public String subject() {
    return expertId;
  }
}

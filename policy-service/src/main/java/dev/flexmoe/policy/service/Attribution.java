package dev.flexmoe.policy.service;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.policy.domain.OwnedExpert;
import dev.flexmoe.policy.security.Caller;
import dev.flexmoe.servicekit.inbox.MessageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Who used which expert how much: usage events summed per expert, tenant and UTC day, each event
 * counted once (its id is logged in the same transaction as the sum).
 */
@ApplicationScoped
public class Attribution {

  /** How usage is grouped in a report. */
  public enum GroupBy {
    TENANT,
    DAY
  }

  /** One line of a usage report: a tenant or a day, and its tokens. */
  public record Line(String key, long tokens) {}

  /** One line of the operators' report. */
  public record ExpertLine(String expertId, String tenant, long tokens) {}

  @Inject MessageLog messageLog;

  @Inject EntityManager entityManager;

  @Transactional
  public void record(CloudEvent<?> event, UsageRecorded usage) {
    if (!messageLog.firstDelivery(event)) {
      return;
    }
    entityManager
        .createNativeQuery(
            "insert into usage_daily (expert_id, tenant, day, tokens) values (?1, ?2, ?3, ?4)"
                + " on conflict (expert_id, tenant, day)"
                + " do update set tokens = usage_daily.tokens + excluded.tokens")
        .setParameter(1, usage.expertId())
        .setParameter(2, usage.tenant())
        .setParameter(3, LocalDate.ofInstant(usage.window().start(), ZoneOffset.UTC))
        .setParameter(4, usage.tokens())
        .executeUpdate();
  }

  /** An expert's usage in {@code [from, to]} (UTC days), for its owner and operators. */
  @Transactional
  public List<Line> ofExpert(
      String expertId, LocalDate from, LocalDate to, GroupBy groupBy, Caller caller) {
    OwnedExpert expert = OwnedExpert.findById(expertId);
    if (expert == null) {
      throw new NotFoundException(
          "expert-not-found", null, "no expert " + expertId + " is registered");
    }
    if (!caller.isOperator() && !expert.ownerId.equals(caller.id())) {
      throw new NotPermittedException(
          "not-owner", null, "only the owner of expert " + expertId + " may read its usage");
    }
    checkRange(from, to);
    String key = groupBy == GroupBy.TENANT ? "tenant" : "to_char(day, 'YYYY-MM-DD')";
    List<Line> lines = new ArrayList<>();
    for (Object row :
        entityManager
            .createNativeQuery(
                "select "
                    + key
                    + ", sum(tokens) from usage_daily where expert_id = ?1 and day between ?2 and"
                    + " ?3 group by 1 order by 1")
            .setParameter(1, expertId)
            .setParameter(2, from)
            .setParameter(3, to)
            .getResultList()) {
      Object[] columns = (Object[]) row;
      lines.add(new Line((String) columns[0], ((Number) columns[1]).longValue()));
    }
    return lines;
  }

  /** Every expert's usage per tenant in {@code [from, to]}, for operators. */
  @Transactional
  public List<ExpertLine> all(LocalDate from, LocalDate to) {
    checkRange(from, to);
    List<ExpertLine> lines = new ArrayList<>();
    for (Object row :
        entityManager
            .createNativeQuery(
                "select expert_id, tenant, sum(tokens) from usage_daily where day between ?1 and"
                    + " ?2 group by 1, 2 order by 1, 2")
            .setParameter(1, from)
            .setParameter(2, to)
            .getResultList()) {
      Object[] columns = (Object[]) row;
      lines.add(
          new ExpertLine(
              (String) columns[0], (String) columns[1], ((Number) columns[2]).longValue()));
    }
    return lines;
  }

  private static void checkRange(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new InvalidRequestException(
          "empty-range", "to", "to " + to + " is before from " + from);
    }
  }
}

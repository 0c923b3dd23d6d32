package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes survey answers: about a case (nps, csat or ces, with the case's transfers and team), about an
 * order (nps or csat, with the store for store orders) and relationship NPS. The answer follows
 * {@link SurveyModel}; the touchpoint it rates goes into case_id / order_id.
 */
final class SurveyWriter implements Serializable {
  private final SurveyModel model;
  private final CommentWriter comments;
  private final EngagementLevels engagement;
  private final GeneratorSettings.SurveyRates rates;

  SurveyWriter(GeneratorSettings settings) {
    this.model = new SurveyModel(settings.planted());
    this.comments = new CommentWriter(settings.surveys().personalDataRate());
    this.engagement = new EngagementLevels(settings.seed());
    this.rates = settings.surveys();
  }

  /** Maybe (case-rate) a survey about a case that ended at {@code end}, handled last by {@code team}. */
  void aboutCase(CustomerContext c, String caseId, int transfers, String team, Instant end) {
    Draw draw = c.draw();
    if (!draw.chance(rates.caseRate())) {
      return;
    }
    Instant at = end.plusSeconds(draw.between(3_600, 48 * 3_600));
    String type = switch (draw.weighted(0.5, 0.3, 0.2)) {
      case 0 -> "nps";
      case 1 -> "csat";
      default -> "ces";
    };
    double deviation = engagement.deviation(team, CustomerContext.previousMonth(at));
    SurveyModel.Answer answer = model.transactional(c.profile().loyalty(), transfers, deviation, draw);
    write(c, at, type, answer, caseId, null, SurveyModel.attributes("case", answer, transfers, draw));
  }

  /** Maybe (order-rate) a survey about an order; {@code store} is null for online orders (no unit effect). */
  void aboutOrder(CustomerContext c, String orderId, String store, Instant at) {
    Draw draw = c.draw();
    if (!draw.chance(rates.orderRate())) {
      return;
    }
    String type = draw.chance(0.7) ? "nps" : "csat";
    double deviation = store == null ? 0 : engagement.deviation(store, CustomerContext.previousMonth(at));
    SurveyModel.Answer answer = model.transactional(c.profile().loyalty(), 0, deviation, draw);
    write(c, at, type, answer, null, orderId,
        SurveyModel.attributes(store == null ? "online" : "store", answer, 0, draw));
  }

  /** Maybe (relationship-rate per 30 days) a relationship NPS on the day. */
  void relationship(CustomerContext c, Instant at) {
    Draw draw = c.draw();
    if (!draw.chance(rates.relationshipRate() / 30)) {
      return;
    }
    write(c, at, "relationship", model.relationship(c.profile().loyalty(), draw), null, null, null);
  }

  private void write(CustomerContext c, Instant at, String type, SurveyModel.Answer answer, String caseId,
      String orderId, Map<String, Integer> attributes) {
    Draw draw = c.draw();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("response_id", c.nextResponseId());
    fields.put("submitted_at", draw.chance(0.5) ? Times.iso(at) : Times.iso(at, c.zone()));
    fields.put("customer_id", c.profile().customerId());
    fields.put("survey_type", type);
    fields.put("score", SurveyModel.score(type, answer, draw));
    fields.put("case_id", caseId);
    fields.put("order_id", orderId);
    fields.put("attributes", attributes);
    fields.put("comment", draw.chance(rates.commentRate()) ? comments.comment(answer, caseId != null, c.profile(), draw) : null);
    c.emitRecord(SourceFormat.SURVEYS, at, fields);
  }
}

package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Message texts: the Slack Block Kit payload and the plain text used in tickets. */
final class SlackMessages {

  private SlackMessages() {}

  /** Header, a section of fields, a context line with the alert id and links. */
  static ObjectNode blocks(ObjectMapper mapper, Escalation e) {
    ObjectNode root = mapper.createObjectNode();
    root.put("text", headline(e));
    if (e.channel() != null) {
      root.put("channel", e.channel());
    }
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", truncate(headline(e), 150));
    ObjectNode section = blocks.addObject().put("type", "section");
    ArrayNode fields = section.putArray("fields");
    field(fields, "Service", e.service());
    field(fields, "Namespace", e.namespace());
    field(fields, "Category", e.category());
    field(fields, "Summary", truncate(e.summary(), 1900));
    ObjectNode context = blocks.addObject().put("type", "context");
    StringBuilder line = new StringBuilder("alert `" + e.alertId() + "`");
    e.links().forEach(l -> line.append(" | <").append(l).append(">"));
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", line.toString());
    return root;
  }

  static String headline(Escalation e) {
    return e.kind().title() + ": " + e.namespace() + "/" + e.service();
  }

  static String plainText(Escalation e) {
    StringBuilder text =
        new StringBuilder(headline(e))
            .append("\n\n")
            .append("Category: ")
            .append(e.category())
            .append('\n')
            .append("Alert: ")
            .append(e.alertId())
            .append('\n')
            .append(e.summary());
    e.links().forEach(l -> text.append('\n').append(l));
    return text.toString();
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "*" + name + "*\n" + (value.isEmpty() ? "-" : value));
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

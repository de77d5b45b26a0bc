package io.autoagent.tools.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChangeSummaryTest {

  @Test
  void parsesBackWhatItFormats() {
    List<ChangeItem> items =
        List.of(
            new ChangeItem(
                ChangeItem.Kind.IMAGE,
                "app",
                "registry:5000/shop:1.4",
                "registry:5000/shop:1.5",
                null),
            new ChangeItem(ChangeItem.Kind.ENV, "app", null, null, "added DB_URL, FEATURE_X"),
            new ChangeItem(ChangeItem.Kind.RESOURCES, "app", "512Mi", "256Mi", "limits.memory"),
            new ChangeItem(ChangeItem.Kind.REPLICAS, "Deployment/shop", "2", "4", null),
            new ChangeItem(
                ChangeItem.Kind.CONFIG, "ConfigMap/shop", null, null, "changed LOG_LEVEL"),
            new ChangeItem(ChangeItem.Kind.OTHER, null, null, null, "README.md"));

    String summary = ChangeSummary.format(items);

    assertThat(summary)
        .isEqualTo(
            "image app: registry:5000/shop:1.4 -> registry:5000/shop:1.5; "
                + "env app: added DB_URL, FEATURE_X; resources app: limits.memory 512Mi -> 256Mi; "
                + "replicas Deployment/shop: 2 -> 4; config ConfigMap/shop: changed LOG_LEVEL; other: README.md");
    assertThat(ChangeSummary.parse(summary)).isEqualTo(items);
  }

  @Test
  void writesImagesInTheFormTheRunbookPlannerReads() {
    // the pattern of ParameterResolver.IMAGE_CHANGE, which fills change.previous_image
    Pattern planner = Pattern.compile("image\\s+([^\\s:]+):\\s*(\\S+)\\s*->\\s*(\\S+)");

    Matcher m =
        planner.matcher(
            ChangeSummary.format(
                List.of(
                    new ChangeItem(ChangeItem.Kind.IMAGE, "app", "shop:1.4", "shop:1.5", null),
                    new ChangeItem(ChangeItem.Kind.OTHER, null, null, null, "README.md"))));

    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("app");
    assertThat(m.group(2)).isEqualTo("shop:1.4");
  }

  @Test
  void readsUnknownTextAsOther() {
    assertThat(ChangeSummary.parse("deploy checkout history 4: revision b2c3d4e"))
        .extracting(ChangeItem::kind)
        .containsExactly(ChangeItem.Kind.OTHER);
  }
}

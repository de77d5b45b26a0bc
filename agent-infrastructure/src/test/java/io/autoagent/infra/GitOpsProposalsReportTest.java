package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.gitops.GitOpsResult;
import io.autoagent.tools.remediation.PullRequestReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitOpsProposalsReportTest {

  @Test
  void aSupersededProposalWhoseNewerPullRequestIsClosedIsReportedWithoutAUrl() {
    GitOpsResult superseded =
        new GitOpsResult(null, "autoagent/shop-oom", "abc123", GitOpsResult.Outcome.SUPERSEDED, "");

    PullRequestReport report = GitOpsProposals.report(superseded, List.of("replicas 3"));

    assertThat(report.outcome()).isEqualTo(PullRequestReport.Outcome.UPDATED);
    assertThat(report.url()).isNull();
    assertThat(report.detail())
        .isEqualTo("a newer proposal for this incident is already on autoagent/shop-oom");
  }

  @Test
  void aSupersededProposalNamesTheOpenPullRequest() {
    GitOpsResult superseded =
        new GitOpsResult(
            "https://github.com/acme/shop/pull/9",
            "autoagent/shop-oom",
            "abc123",
            GitOpsResult.Outcome.SUPERSEDED,
            "");

    PullRequestReport report = GitOpsProposals.report(superseded, List.of());

    assertThat(report.url()).isEqualTo("https://github.com/acme/shop/pull/9");
    assertThat(report.detail()).endsWith(": https://github.com/acme/shop/pull/9");
  }
}

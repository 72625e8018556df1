package io.breedline.ingest.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HostAllowListTest {
    private final HostAllowList sns = HostAllowList.parse("sns.*.amazonaws.com");

    @Test
    void theRegionalSnsHostsAreAllowed() {
        assertThat(sns.allows(URI.create("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x"))).isTrue();
        assertThat(sns.allows(URI.create("https://SNS.eu-west-3.AmazonAWS.com/"))).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(sns.allows(URI.create("http://sns.us-east-1.amazonaws.com/"))).as("plain http").isFalse();
        assertThat(sns.allows(URI.create("https://169.254.169.254/latest/meta-data/"))).isFalse();
        assertThat(sns.allows(URI.create("https://sns.us-east-1.amazonaws.com.evil.example/"))).isFalse();
        assertThat(sns.allows(URI.create("https://evil.example/sns.us-east-1.amazonaws.com"))).isFalse();
        assertThat(sns.allows(URI.create("https://sns.a.b.amazonaws.com/"))).as("* is one label").isFalse();
        assertThat(sns.allows(URI.create("https://user@sns.us-east-1.amazonaws.com/"))).as("user info").isFalse();
        assertThat(sns.allows(URI.create("https://snsXus-east-1.amazonaws.com/"))).as("dots are literal").isFalse();
        assertThat(sns.allows(URI.create("/relative"))).isFalse();
    }

    @Test
    void severalPatterns() {
        HostAllowList hosts = HostAllowList.parse("sns.*.amazonaws.com, sns.cn-north-1.amazonaws.com.cn");
        assertThat(hosts.allows(URI.create("https://sns.cn-north-1.amazonaws.com.cn/"))).isTrue();
    }

    @Test
    void badPatternsAreRefused() {
        assertThatThrownBy(() -> HostAllowList.parse("")).hasMessage("lists no host pattern");
        assertThatThrownBy(() -> HostAllowList.parse("sns.*.amazon aws.com")).hasMessageContaining("is not a host pattern");
        assertThatThrownBy(() -> HostAllowList.parse("https://sns.x.com")).hasMessageContaining("is not a host pattern");
    }
}

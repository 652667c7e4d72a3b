package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"exportId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    /** Known answer, computed independently: python3 hmac.new(secret, b'1700000000.' + body, sha256). */
    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        assertThat(WebhookSignature.sign(SECRET, "1700000000", BODY))
                .isEqualTo("sha256=fea777caab40ce44d2af237ba43d0cb0233ceab227b53881fb26b561d9b0fc60");
    }

    @Test
    void verifiesOnlyTheSameSecretTimestampAndBody() {
        String signature = WebhookSignature.sign(SECRET, "1700000000", BODY);
        assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, signature)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "1700000001", BODY, signature)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", "{}".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(WebhookSignature.verify("another secret of 32 bytes or more!".getBytes(StandardCharsets.UTF_8),
                "1700000000", BODY, signature)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1700000000", BODY, null)).isFalse();
    }
}

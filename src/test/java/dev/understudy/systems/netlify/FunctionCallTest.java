package dev.understudy.systems.netlify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A background call kept in the queue comes back byte for byte. */
class FunctionCallTest {
  @Test
  void aCallSurvivesTheRoundTripWithBinaryBodyAndRepeatedHeaders() {
    byte[] body = {0, (byte) 0xff, 'h', 'i', '\n', (byte) 0xe2, (byte) 0x98, (byte) 0x83};
    FunctionInvoker.Call call = new FunctionInvoker.Call("POST", "http://127.0.0.1:8888/.netlify/functions/x-background?a=1&a=2",
        Map.of("cookie", List.of("a=1", "b=\"2\""), "content-type", List.of("application/octet-stream")), body);
    FunctionInvoker.Call back = FunctionCall.decode(FunctionCall.encode(call));
    assertThat(back.method()).isEqualTo("POST");
    assertThat(back.url()).isEqualTo(call.url());
    assertThat(back.headers()).isEqualTo(call.headers());
    assertThat(back.body()).isEqualTo(body);
  }

  @Test
  void noBodyStaysNoBodyAndAnEmptyOneStaysEmpty() {
    assertThat(FunctionCall.decode(FunctionCall.encode(new FunctionInvoker.Call("GET", "http://h/x", Map.of(), null))).body()).isNull();
    assertThat(FunctionCall.decode(FunctionCall.encode(new FunctionInvoker.Call("GET", "http://h/x", Map.of(), new byte[0]))).body())
        .isEmpty();
  }

  @Test
  void somethingElseIsRefusedWithWhatIsMissing() {
    assertThatThrownBy(() -> FunctionCall.decode("{\"method\": \"GET\"}")).hasMessageContaining("lacks method, url, headers or body");
  }
}

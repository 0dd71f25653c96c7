package dev.understudy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CLI's HTTP/1.1 answer reader (the daemon's JDK HttpServer answers with a length; chunks too). */
class DaemonClientTest {
  static DaemonClient.Reply read(String raw) throws IOException {
    return DaemonClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void bodyByContentLengthChunksOrToTheEnd() throws IOException {
    DaemonClient.Reply r = read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 8\r\n\r\n[ \"é\" ]trailing");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[ \"é\" ]");
    assertThat(read("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"er\r\nc;x=1\r\nror\" : \"no\"}\r\n0\r\n\r\n"))
        .isEqualTo(new DaemonClient.Reply(404, "{\"error\" : \"no\"}"));
    assertThat(read("HTTP/1.0 500 Oops\r\n\r\nall of it").body()).isEqualTo("all of it");
    assertThat(read("HTTP/1.1 409 Conflict\r\nContent-Length: 18\r\n\r\n{\"error\": \"busy\"}\n").error()).isEqualTo("busy");
  }

  @Test
  void aBrokenAnswerIsAnIoError() {
    assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP answer");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Le")).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }
}

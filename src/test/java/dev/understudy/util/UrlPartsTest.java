package dev.understudy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UrlPartsTest {
  @Test
  void aNameStaysOneSegmentWithSpacesAsPercentTwenty() {
    assertEquals("my%20app%2Fv2%2B%25", UrlParts.encode("my app/v2+%"));
    assertEquals("deploy.yml", UrlParts.encode("deploy.yml"));
  }
}

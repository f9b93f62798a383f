package dev.flexmoe.inference.api;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public record OpenAiError(Body error) {

  public record Body(String message, String type, String param, String code) {}

  static OpenAiError of(String message, String type, String param, String code) {
    return new OpenAiError(new Body(message, type, param, code));
  }
}

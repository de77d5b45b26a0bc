package io.autoagent.core.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.output.TokenUsage;

/**
 * One attempt against a LangChain4j {@link ChatModel} (OpenAI or Gemini). LangChain4j's own retries
 * are off; failures propagate as LangChain4j exceptions for {@link ProviderFailures}. Thread-safe
 * when the model is (both providers' models are).
 */
final class LangChain4jLlmClient implements LlmClient {

  private final String provider;
  private final String model;
  private final ChatModel chatModel;
  private final boolean maxCompletionTokens;

  /**
   * @param maxCompletionTokens send the output cap as OpenAI's {@code max_completion_tokens}, which
   *     its reasoning models require instead of {@code max_tokens}
   */
  LangChain4jLlmClient(
      String provider, String model, ChatModel chatModel, boolean maxCompletionTokens) {
    this.provider = provider;
    this.model = model;
    this.chatModel = chatModel;
    this.maxCompletionTokens = maxCompletionTokens;
  }

  /** OpenAI models that refuse {@code max_tokens}: the o-series and GPT-5. */
  static boolean isOpenAiReasoningModel(String model) {
    return model.matches("^(o\\d|gpt-5).*");
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public State state() {
    return State.OK;
  }

  @Override
  public LlmReply chat(LlmPrompt prompt) {
    ChatRequest.Builder request =
        ChatRequest.builder()
            .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()));
    ResponseFormat format = prompt.schema() == null ? null : responseFormat(prompt.schema());
    Integer cap = prompt.maxOutputTokens() > 0 ? prompt.maxOutputTokens() : null;
    if (maxCompletionTokens) {
      request.parameters(
          OpenAiChatRequestParameters.builder()
              .responseFormat(format)
              .maxCompletionTokens(cap)
              .build());
    } else {
      request.responseFormat(format).maxOutputTokens(cap);
    }
    ChatResponse response = chatModel.chat(request.build());
    TokenUsage usage = response.tokenUsage();
    return new LlmReply(
        response.aiMessage() == null ? "" : response.aiMessage().text(),
        usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
        usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
  }

  static ResponseFormat responseFormat(OutputSchema schema) {
    JsonObjectSchema.Builder root = JsonObjectSchema.builder();
    for (OutputSchema.Field f : schema.fields()) {
      switch (f.kind()) {
        case STRING -> root.addStringProperty(f.name(), f.description());
        case NUMBER -> root.addNumberProperty(f.name(), f.description());
        case ENUM -> root.addEnumProperty(f.name(), f.allowed(), f.description());
        case STRING_ARRAY -> root.addProperty(f.name(), array(f));
      }
    }
    root.required(schema.fields().stream().map(OutputSchema.Field::name).toList())
        .additionalProperties(false);
    return ResponseFormat.builder()
        .type(ResponseFormatType.JSON)
        .jsonSchema(JsonSchema.builder().name(schema.name()).rootElement(root.build()).build())
        .build();
  }

  private static JsonSchemaElement array(OutputSchema.Field f) {
    JsonSchemaElement items =
        f.allowed().isEmpty()
            ? JsonStringSchema.builder().build()
            : JsonEnumSchema.builder().enumValues(f.allowed()).build();
    return JsonArraySchema.builder().description(f.description()).items(items).build();
  }
}

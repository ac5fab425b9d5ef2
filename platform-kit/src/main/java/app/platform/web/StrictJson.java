package app.platform.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What every service reads from a request body: a text is a JSON string (a number or an object is not coerced into
 * one), at most {@value #MAX_TEXT} characters, with no NUL and no lone surrogate (PostgreSQL stores neither);
 * a number is not a string either, and a null is no primitive. Any of these is a 400 problem naming the field.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
public class StrictJson {

    /** The backstop for every text of every request; fields with a rule of their own are bounded tighter. */
    public static final int MAX_TEXT = 16_384;

    @Bean
    JsonMapperBuilderCustomizer strictRequestJson() {
        SimpleModule texts = new SimpleModule("strict-texts").addDeserializer(String.class, new Text());
        // after Boot's own problem mix-in (this configuration comes after Boot's): a problem always has a type
        return builder -> builder.addModule(texts).addMixIn(ProblemDetail.class, ProblemJson.class)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Whether a text of a request (a JSON string, a parameter) may be stored: see {@link Text#problem}. */
    public static boolean storable(String text) {
        return Text.problem(text) == null;
    }

    /**
     * Spring's mix-in for {@link ProblemDetail}, but {@code type} is always written: Spring leaves it out while it
     * is the default, and RFC 9457 clients look for it ({@code about:blank} when nothing more specific applies).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    interface ProblemJson {

        @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonSerialize(nullsUsing = AboutBlank.class)
        URI getType();

        @JsonAnySetter
        void setProperty(String name, Object value);

        @JsonAnyGetter
        Map<String, Object> getProperties();
    }

    static final class AboutBlank extends StdSerializer<Object> {

        AboutBlank() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString("about:blank");
        }
    }

    /**
     * The {@code errors} entry of a body that broke a rule here or the JSON reader's: the field's path
     * ({@code address.lines[0]}) and what is wrong, never the value that was sent.
     */
    public static Map<String, String> fieldError(DatabindException e) {
        StringBuilder field = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        String message = e.getOriginalMessage();
        return Map.of("field", field.isEmpty() ? "body" : field.toString(),
                "message", message != null && message.startsWith("must ") ? message : "has the wrong type or format");
    }

    /** A JSON string that PostgreSQL can store, and never the value itself in the error (it may be a secret). */
    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(this, "must be a string");
            }
            String text = p.getString();
            String problem = problem(text);
            return problem == null ? text : ctxt.reportInputMismatch(this, problem);
        }

        /** What is wrong with a text, or null. */
        static String problem(String text) {
            if (text.length() > MAX_TEXT) {
                return "must be at most " + MAX_TEXT + " characters";
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == 0) {
                    return "must not contain a NUL character";
                }
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return "must be valid Unicode (a lone surrogate)";
                }
            }
            return null;
        }
    }
}

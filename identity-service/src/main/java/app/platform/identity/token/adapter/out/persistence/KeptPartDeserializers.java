package app.platform.identity.token.adapter.out.persistence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.FormatSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.DeserializationContexts;
import tools.jackson.databind.deser.DeserializationContextExt;
import tools.jackson.databind.deser.DeserializerCache;
import tools.jackson.databind.deser.DeserializerFactory;

/**
 * Jackson's contexts for the authorizations' JSON that keep the deserializer of each part a custom deserializer reads
 * ({@code ctxt.readValue}, {@code ctxt.readTreeAsValue}), as {@code ObjectMapper} keeps its root values'. Spring
 * Security's deserializers (the principal, its user, the authorization request) read their parts so, and Jackson
 * caches no deserializer of a polymorphic container ({@code Set<String>} under default typing), so every read of an
 * authorization built them again, introspecting the classes' creators and annotations (spring-security#19223, open):
 * 12% of identity's samples in a refresh. A part's deserializer is found once per type and mapper, as Jackson finds a
 * property's once per bean; a type carrying handlers of its own is looked up as before.
 */
final class KeptPartDeserializers extends DeserializationContexts {

    private final Map<JavaType, ValueDeserializer<Object>> parts = new ConcurrentHashMap<>();

    KeptPartDeserializers() {
    }

    private KeptPartDeserializers(TokenStreamFactory streams, DeserializerFactory factory, DeserializerCache cache) {
        super(streams, factory, cache);
    }

    @Override
    protected DeserializationContexts forMapper(Object mapper, TokenStreamFactory streams, DeserializerFactory factory,
                                                DeserializerCache cache) {
        return new KeptPartDeserializers(streams, factory, cache);
    }

    @Override
    public DeserializationContextExt createContext(DeserializationConfig config, FormatSchema schema,
                                                   InjectableValues injectables) {
        return new Context(this, config, schema, injectables);
    }

    /** How many parts' deserializers are kept (for the tests). */
    int kept() {
        return parts.size();
    }

    private static final class Context extends DeserializationContextExt {

        private final Map<JavaType, ValueDeserializer<Object>> parts;

        Context(KeptPartDeserializers contexts, DeserializationConfig config, FormatSchema schema,
                InjectableValues injectables) {
            super(contexts._streamFactory, contexts._deserializerFactory, contexts._cache, config, schema, injectables);
            this.parts = contexts.parts;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T readValue(JsonParser p, JavaType type) throws JacksonException {
            if (type.hasHandlers()) {
                return super.readValue(p, type);
            }
            ValueDeserializer<Object> deserializer = parts.get(type);
            if (deserializer == null) {
                deserializer = findRootValueDeserializer(type);
                if (deserializer == null) {
                    return super.readValue(p, type); // reports it
                }
                parts.putIfAbsent(type, deserializer);
            }
            // as DeserializationContext.readValue reads with the deserializer it found
            if (!p.hasCurrentToken()) {
                p.nextToken();
            }
            return (T) (p.hasToken(JsonToken.VALUE_NULL) ? deserializer.getNullValue(this) : deserializer.deserialize(p, this));
        }
    }
}

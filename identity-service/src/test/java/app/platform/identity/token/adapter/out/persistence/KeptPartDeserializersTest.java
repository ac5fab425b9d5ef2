package app.platform.identity.token.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

class KeptPartDeserializersTest {

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    static JsonMapper.Builder mapper() {
        ClassLoader loader = KeptPartDeserializersTest.class.getClassLoader();
        return JsonMapper.builder().addModules(SecurityJacksonModules.getModules(loader,
                BasicPolymorphicTypeValidator.builder().allowIfSubType(Long.class)));
    }

    /** An authorization's attributes as the authorization server stores them: the signed-in principal and the request. */
    static String attributes() {
        User user = new User("3f0c9a57-3c2e-4b8e-9f35-0d6c1f6f2a10", "", List.of(new SimpleGrantedAuthority("ROLE_USER")));
        var principal = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("http://localhost:9000/oauth2/authorize").clientId("web")
                .redirectUri("http://localhost:8080/callback").scopes(Set.of("openid", "profile"))
                .state("a-state").additionalParameters(Map.of("nonce", "a-nonce")).build();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(Principal.class.getName(), principal);
        attributes.put(OAuth2AuthorizationRequest.class.getName(), request);
        return mapper().build().writeValueAsString(attributes);
    }

    /** The mapper, and the contexts it made of the builder's (one per mapper). */
    static final class Kept extends JsonMapper {
        Kept(JsonMapper.Builder builder) {
            super(builder);
        }

        KeptPartDeserializers contexts() {
            return (KeptPartDeserializers) _deserializationContexts;
        }
    }

    @Test
    void readsWhatSpringsMapperReadsAndFindsEachPartsDeserializerOnce() {
        String json = attributes();
        Kept kept = new Kept(mapper().deserializationContexts(new KeptPartDeserializers()));
        Map<String, Object> expected = mapper().build().readValue(json, MAP);

        Map<String, Object> first = kept.readValue(json, MAP);
        assertThat(first).usingRecursiveComparison().isEqualTo(expected);
        int parts = kept.contexts().kept();
        assertThat(parts).as("the parts' deserializers kept").isPositive();
        Map<String, Object> again = kept.readValue(json, MAP);
        assertThat(again).usingRecursiveComparison().isEqualTo(expected);
        assertThat(kept.contexts().kept()).as("found again, none new").isEqualTo(parts);
        assertThat(((UsernamePasswordAuthenticationToken) again.get(Principal.class.getName())).getName())
                .isEqualTo("3f0c9a57-3c2e-4b8e-9f35-0d6c1f6f2a10");
        assertThat(((OAuth2AuthorizationRequest) again.get(OAuth2AuthorizationRequest.class.getName())).getScopes())
                .containsExactlyInAnyOrder("openid", "profile");
    }
}

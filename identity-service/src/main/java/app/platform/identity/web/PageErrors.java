package app.platform.identity.web;

import app.platform.errors.InvalidInput;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** What a hosted page says of refused input: the rule's own text in the page's language, else its English message. */
@Component
public class PageErrors {

    private final MessageSource messages;

    PageErrors(MessageSource messages) {
        this.messages = messages;
    }

    public String of(InvalidInput refused) {
        String english = "The " + refused.field() + " " + refused.getMessage() + ".";
        return refused.key() == null ? english
                : messages.getMessage(refused.key(), refused.args(), english, LocaleContextHolder.getLocale());
    }
}

package app.platform.testkit.archfixture.layered.application;

import app.platform.testkit.archfixture.layered.adapter.in.web.Controller;

/** An application service that reaches into an adapter. */
public class UsesAdapter {
    public Controller controller() {
        return new Controller();
    }
}

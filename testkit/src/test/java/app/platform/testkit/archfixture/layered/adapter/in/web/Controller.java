package app.platform.testkit.archfixture.layered.adapter.in.web;

/** An adapter. */
public class Controller {
}

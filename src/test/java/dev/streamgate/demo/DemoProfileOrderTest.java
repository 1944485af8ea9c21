package dev.streamgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code ./mvnw -Pdemo} on a fresh clone runs the packaged service, so its {@code run-demo}
 * execution (exec-maven-plugin, package phase) must run after {@code quarkus:build} (also package)
 * has written {@code target/quarkus-app}. Maven runs one phase's executions in the order their
 * plugins are declared in the build, and a profile's execution joins its plugin's declaration: so
 * quarkus-maven-plugin has to be declared before exec-maven-plugin. Once it was not (the browser
 * client's bundling put exec-maven-plugin first), and the demo found no jar on a fresh clone while
 * every test passed on a tree that had been packaged before.
 */
class DemoProfileOrderTest {

  @Test
  void quarkusBuildsTheServiceBeforeTheDemoRunsIt() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    List<String> buildPlugins = artifactIds(child(child(project, "build"), "plugins"));
    assertThat(buildPlugins).contains("quarkus-maven-plugin", "exec-maven-plugin");
    assertThat(buildPlugins.indexOf("quarkus-maven-plugin"))
        .as("quarkus-maven-plugin declared before exec-maven-plugin")
        .isLessThan(buildPlugins.indexOf("exec-maven-plugin"));

    Element demo = null;
    for (Element profile : children(child(project, "profiles"), "profile")) {
      if ("demo".equals(text(profile, "id"))) {
        demo = profile;
      }
    }
    assertThat(demo).as("the demo profile").isNotNull();
    Element runDemo = null;
    for (Element plugin : children(child(child(demo, "build"), "plugins"), "plugin")) {
      for (Element execution : children(child(plugin, "executions"), "execution")) {
        if ("run-demo".equals(text(execution, "id"))) {
          assertThat(text(plugin, "artifactId")).isEqualTo("exec-maven-plugin");
          runDemo = execution;
        }
      }
    }
    assertThat(runDemo).as("the run-demo execution").isNotNull();
    assertThat(text(runDemo, "phase")).isEqualTo("package");
  }

  private static List<String> artifactIds(Element plugins) {
    List<String> ids = new ArrayList<>();
    for (Element plugin : children(plugins, "plugin")) {
      ids.add(text(plugin, "artifactId"));
    }
    return ids;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }
}

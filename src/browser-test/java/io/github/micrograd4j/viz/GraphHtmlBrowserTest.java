package io.github.micrograd4j.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.micrograd4j.engine.CustomOp;
import io.github.micrograd4j.engine.Value;
import io.github.micrograd4j.examples.GraphExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * GraphHtml's pages in headless Chromium (mvn test -Pbrowser): stepping to the end shows the engine's gradients
 * bit for bit, reset restores zeros, a hostile label runs nothing, and the page makes no network request.
 */
@Tag("browser")
@DisplayName("GraphHtml's page in a real browser (headless Chromium)")
class GraphHtmlBrowserTest {

    @TempDir
    static Path dir;

    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        browser = Chromium.start(Files.createDirectory(dir.resolve("profile")), 1400, 800);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void clearLogs() {
        browser.manage().logs().get("browser");
        browser.manage().logs().get("performance");
    }

    /** Writes a page for {@code root} and opens it. */
    static void open(Value root, String name) throws IOException {
        Path file = dir.resolve(name + ".html");
        GraphHtml.write(root, file);
        browser.get(file.toUri().toString());
    }

    static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    /** Returns each drawn value's {@code data-grad}, read back as a double, by its number. */
    static double[] shownGrads() {
        List<WebElement> values = browser.findElements(By.cssSelector("g.value"));
        double[] grads = new double[values.size()];
        for (WebElement v : values) {
            grads[Integer.parseInt(v.getAttribute("data-id"))] = Double.parseDouble(v.getAttribute("data-grad"));
        }
        return grads;
    }

    static WebElement labelled(String label) {
        return browser.findElement(By.cssSelector("g.value[data-label='" + label + "']"));
    }

    static double grad(String label) {
        return Double.parseDouble(labelled(label).getAttribute("data-grad"));
    }

    /** Checks that every drawn value shows exactly (bitwise) the gradient backward() gave it. */
    static void assertShowsEngineGrads(Value root, String what) {
        Map<Integer, Value> byId = new HashMap<>();
        new DrawnGraph(root, GraphDot.DEFAULT_MAX_NODES).ids.forEach((v, id) -> byId.put(id, v));
        double[] shown = shownGrads();
        assertThat(shown).as(what).hasSize(byId.size());
        for (int i = 0; i < shown.length; i++) {
            assertThat(Double.doubleToLongBits(shown[i])).as("%s: value %d shows %s, backward() gave %s", what, i,
                    shown[i], byId.get(i).grad()).isEqualTo(Double.doubleToLongBits(byId.get(i).grad()));
        }
    }

    /**
     * Checks that the console stayed empty: no script error and nothing the page's policy blocked (the page itself
     * writes nothing there).
     */
    static void assertNoConsoleErrors() {
        List<String> messages = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get("browser")) {
            messages.add(e.getMessage());
        }
        assertThat(messages).as("console messages").isEmpty();
    }

    @Test
    @DisplayName("GraphExample's page: after the last step x1 -1.5, w1 1.0, x2 0.5, w2 0.0, b 0.5 (arrow keys)")
    void neuron() throws IOException {
        GraphExample.Neuron neuron = GraphExample.Neuron.build();          // GraphExample's graph.html
        open(neuron.o(), "graph");
        assertThat(byId("progress").getText()).isEqualTo("0 / 6");
        for (String label : List.of("o", "n", "x1", "w1", "x2", "w2", "b")) {
            assertThat(labelled(label).getAttribute("data-grad")).isEqualTo("0");
        }
        assertThat(Double.parseDouble(labelled("o").getAttribute("data-data"))).isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(labelled("w1").getAttribute("data-data")).isEqualTo("-3");          // as String(-3) writes it
        assertThat(labelled("o").getAttribute("data-op")).isEqualTo("tanh");
        assertThat(labelled("x1").getAttribute("data-op")).isEmpty();
        WebElement body = browser.findElement(By.tagName("body"));
        body.sendKeys(Keys.ARROW_RIGHT);
        assertThat(byId("progress").getText()).isEqualTo("1 / 6");
        assertThat(grad("o")).isEqualTo(1.0);
        body.sendKeys(Keys.ARROW_RIGHT);
        assertThat(byId("caption").getText()).startsWith("o = tanh(n): n.grad += 1 - o.data\u00b2 \u00d7 o.grad = 0.5");
        assertThat(labelled("o").getAttribute("class")).contains("current");
        assertThat(labelled("n").getAttribute("class")).contains("operand");
        for (int i = 0; i < 4; i++) {
            body.sendKeys(Keys.ARROW_RIGHT);
        }
        assertThat(byId("progress").getText()).isEqualTo("6 / 6");
        assertThat(grad("x1")).isCloseTo(-1.5, within(1e-12));
        assertThat(grad("w1")).isCloseTo(1.0, within(1e-12));
        assertThat(grad("x2")).isCloseTo(0.5, within(1e-12));
        assertThat(grad("w2")).isCloseTo(0.0, within(1e-12));
        assertThat(grad("b")).isCloseTo(0.5, within(1e-12));
        assertThat(grad("n")).isCloseTo(0.5, within(1e-12));
        neuron.o().backward();
        assertShowsEngineGrads(neuron.o(), "the neuron");
        body.sendKeys(Keys.ARROW_LEFT);                   // back: the last step (x2*w2's) is undone
        assertThat(byId("progress").getText()).isEqualTo("5 / 6");
        assertThat(grad("x2")).isZero();
        assertThat(grad("w2")).isZero();
        assertThat(grad("x1")).isCloseTo(-1.5, within(1e-12));
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("micrograd's README expression, stepped click by click: a.grad 138.8338, b.grad 645.5773, bit for bit")
    void readme() throws IOException {
        Value a = new Value(-4.0, "a");
        Value b = new Value(2.0, "b");
        Value g = GraphPages.readmeExpression(a, b);
        open(g, "readme");
        g.backward();
        int total = 1 + g.backwardOrder().size();
        assertThat(byId("progress").getText()).isEqualTo("0 / " + total);
        WebElement step = byId("step");
        for (int k = 1; k <= total; k++) {
            step.click();
            assertThat(byId("progress").getText()).isEqualTo(k + " / " + total);
        }
        assertThat(step.isEnabled()).isFalse();
        assertThat(grad("a")).isCloseTo(138.83381924198252, within(1e-9)).isEqualTo(a.grad());
        assertThat(grad("b")).isCloseTo(645.5772594752186, within(1e-9)).isEqualTo(b.grad());
        assertShowsEngineGrads(g, "README expression");
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("30 random graphs of the generator: finish shows the engine's gradients bit for bit; reset shows zeros")
    void randomGraphs() throws IOException {
        for (long seed = 1; seed <= 30; seed++) {
            Value root = GraphPages.randomGraph(seed);
            open(root, "random" + seed);
            root.backward();
            byId("finish").click();
            assertShowsEngineGrads(root, "seed " + seed);
            byId("reset").click();
            assertThat(shownGrads()).as("seed %d after reset", seed).containsOnly(0.0);
            assertThat(byId("progress").getText()).startsWith("0 / ");
        }
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("stepping and finishing agree, and play runs to the end")
    void stepFinishPlay() throws IOException {
        Value root = GraphPages.randomGraph(11);
        open(root, "play");
        root.backward();
        byId("step").click();                             // the step button keeps the focus: space still plays
        byId("step").sendKeys(" ");
        assertThat(byId("play").getText()).isEqualTo("pause");
        byId("step").sendKeys(" ");
        assertThat(byId("play").getText()).isEqualTo("play");
        new Select(byId("speed")).selectByVisibleText("fast");
        byId("play").click();
        String total = byId("progress").getText().replaceFirst(".* / ", "");
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(d -> byId("progress").getText().equals(total + " / " + total));
        assertShowsEngineGrads(root, "played");
        assertThat(byId("play").getText()).isEqualTo("play");
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("a graph cut at the cap steps through the part that is drawn, with the note")
    void cut() throws IOException {
        Value root = GraphPages.lectureLoss(1);
        Path file = dir.resolve("cut.html");
        Files.writeString(file, GraphHtml.render(root, 40));
        browser.get(file.toUri().toString());
        assertThat(byId("note").getText()).isEqualTo("graph cut at 40 values: the rest is not drawn, and the gradients "
                + "that flow through it are not shown");
        assertThat(browser.findElements(By.cssSelector("g.value"))).hasSize(40);
        byId("finish").click();
        long total = 1 + new DrawnGraph(root, 40).nodes.stream().filter(v -> !v.isLeaf()).count();
        assertThat(byId("progress").getText()).isEqualTo(total + " / " + total);
        assertThat(grad("loss")).isEqualTo(1.0);
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("a hostile label shows as text and runs nothing")
    void hostileLabel() throws IOException {
        String evil = "<img src=x onerror=\"window.pwned=1;alert(1)\"></script><script>window.pwned=2</script>\u2028'";
        Value x = new Value(2.0, evil);
        Value y = CustomOp.of("<img src=y onerror=alert(3)>", v -> 2 * v, (v, out) -> 2.0).apply(x);
        y.setLabel("y");
        open(y, "hostile");
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).hasSize(2);
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
        WebElement value = browser.findElement(By.cssSelector("g.value[data-id='1']"));
        assertThat(value.getAttribute("data-label")).isEqualTo(evil);
        assertThat(value.findElement(By.cssSelector("text.label")).getText()).isEqualTo(evil.substring(0, 19) + "\u2026");
        assertThat(browser.findElement(By.cssSelector("g.value[data-id='0']")).getAttribute("data-op"))
                .isEqualTo("<img src=y onerror=alert(3)>");
        byId("step").click();
        byId("step").click();
        assertThat(byId("caption").getText()).startsWith("y = <img src=y onerror=alert(3)>(" + evil.substring(0, 20));
        byId("finish").click();
        assertThat(Double.parseDouble(value.getAttribute("data-grad"))).isEqualTo(2.0);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("the page makes no network request: only the file itself is loaded")
    void noNetwork() throws IOException {
        open(GraphPages.readmeExpression(new Value(-4.0, "a"), new Value(2.0, "b")), "network");
        byId("finish").click();
        byId("fit").click();
        assertThat(browser.executeScript("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
        // every request Chromium logged while the page was open: those the page made (its document's URL), and
        // any that went to the network at all, from whatever tab (the browser's own pages load chrome:// ones)
        String page = dir.resolve("network.html").toUri().toString();
        List<String> requests = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get("performance")) {
            Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) new GraphPages.Json(e.getMessage()).value()).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<?, ?> params = (Map<?, ?>) message.get("params");
                String url = (String) ((Map<?, ?>) params.get("request")).get("url");
                if (page.equals(params.get("documentURL")) || url.matches("(?i)(https?|wss?|ftp):.*")) {
                    requests.add(url);
                }
            }
        }
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("file:").endsWith("network.html");
        assertNoConsoleErrors();
    }

    @Test
    @DisplayName("about 300 values: the engine's gradients; load and step times printed (never asserted)")
    void bigGraphs() throws IOException {
        Value lecture = GraphPages.lectureLoss(1);
        Value random = GraphPages.randomGraph(1);
        for (long seed = 2; new DrawnGraph(random, 10_000).nodes.size() < 300; seed++) {
            random = random.add(GraphPages.randomGraph(seed));
        }
        for (Value root : List.of(lecture, random)) {
            String name = root == lecture ? "lecture" : "random";
            int size = new DrawnGraph(root, 10_000).nodes.size();
            assertThat(size).isBetween(300, GraphDot.DEFAULT_MAX_NODES);
            List<String> loads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                open(root, name);
                loads.add(String.valueOf(browser.executeScript("var t = performance.getEntriesByType('navigation')[0];"
                        + "return Math.round(t.domContentLoadedEventEnd - t.startTime) + ' ms (script and parse '"
                        + "+ Math.round(t.domInteractive - t.responseEnd) + ')';")));
            }
            Object steps = browser.executeScript("var b = document.getElementById('step'), all = [];"
                    + "while (!b.disabled) { var t = performance.now(); b.click(); document.body.getBoundingClientRect();"
                    + "all.push(performance.now() - t); }"
                    + "var sum = all.reduce(function (p, q) { return p + q; }, 0);"
                    + "return all.length + ' steps, mean ' + (sum / all.length).toFixed(2) + ' ms, max '"
                    + "+ Math.max.apply(null, all).toFixed(2) + ' ms';");
            Object back = browser.executeScript("var t = performance.now(); document.getElementById('back').click();"
                    + "document.body.getBoundingClientRect(); return (performance.now() - t).toFixed(1) + ' ms';");
            byId("finish").click();
            root.backward();
            assertShowsEngineGrads(root, name + ", " + size + " values");
            System.out.printf("GraphHtml, %s graph of %d values: load %s; %s; one step back (replays from 0) %s%n",
                    name, size, loads, steps, back);
            assertNoConsoleErrors();
        }
    }

    @Test
    @DisplayName("screenshots at the start, midway and the end (target/graph-html/*.png)")
    void screenshots() throws IOException {
        browser.manage().window().setSize(new Dimension(1480, 470));
        open(GraphExample.Neuron.build().o(), "shot-neuron");
        shoot("neuron", 6);
        browser.manage().window().setSize(new Dimension(1400, 800));
        Value g = GraphPages.readmeExpression(new Value(-4.0, "a"), new Value(2.0, "b"));
        open(g, "shot-readme");
        shoot("readme", 1 + g.backwardOrder().size());
        Value lecture = GraphPages.lectureLoss(1);
        open(lecture, "shot-lecture");
        shoot("lecture", 1 + lecture.backwardOrder().size());
        byId("fit").click();
        Files.write(Path.of("target", "graph-html", "lecture-fit.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Path.of("target", "graph-html", "readme-end.png")).isNotEmptyFile();
        assertNoConsoleErrors();
    }

    /** Screenshots of the open page at the start, midway and at the end. */
    static void shoot(String name, int total) throws IOException {
        Path shots = Path.of("target", "graph-html");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + "-start.png"), browser.getScreenshotAs(OutputType.BYTES));
        for (int k = 0; k < total / 2; k++) {
            byId("step").click();
        }
        Files.write(shots.resolve(name + "-mid.png"), browser.getScreenshotAs(OutputType.BYTES));
        byId("finish").click();
        Files.write(shots.resolve(name + "-end.png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}

package dev.cairn.render;

import dev.cairn.program.Condition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The core of Liquid that Cairn's own templates and most programs use, rendered without liqp: text, output tags
 * with filters, {@code if}/{@code elsif}/{@code else}, {@code unless}, {@code case}/{@code when}, {@code for} over a
 * list (with {@code else}), {@code assign} and {@code capture}; the filters {@code default}, {@code capitalize},
 * {@code upcase}, {@code downcase}, {@code strip_html}, {@code url_encode}, {@code abs} and Cairn's own
 * ({@link LiquidFilters}). Conditions and values are {@link Condition}'s, which are liqp's.
 *
 * <p>Why: loading liqp costs a fresh JVM a few hundred ms of CPU (its two static default parsers, Jackson's time
 * module, ANTLR's tables), most of a render function's cold start beyond its SDK clients. The output is liqp
 * 0.9.2.3's, byte for byte (CoreLiquidTest renders every built-in scene, every example program and a set of
 * templates with both). What this class does not render exactly as liqp does goes to liqp: a template with any
 * other tag, filter or syntax ({@link #compile} returns null), and a render that meets a value printed otherwise (a
 * list, a map, a date), a loop over something other than a list, or a limit ({@link Unsupported}).
 */
final class CoreLiquid {

    /** Thrown while rendering when liqp, not the core, must render this template for these variables. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private interface Node {
        void render(Scope scope, StringBuilder out);
    }

    /** A template in the core: its nodes, which keep no state, so one template renders on many threads at once. */
    static final class Template {
        private final List<Node> nodes;

        private Template(List<Node> nodes) {
            this.nodes = nodes;
        }

        String render(Map<String, Object> variables) {
            StringBuilder out = new StringBuilder();
            renderAll(nodes, new Scope(variables), out);
            return out.toString();
        }
    }

    /**
     * The core's template of {@code source}, or null when liqp must compile it (to render it, or to report what is
     * wrong with it). {@code html}: every output is escaped unless its last filter is raw or escape.
     */
    static Template compile(String source, boolean html) {
        if (source.contains("forloop") || source.contains("parentloop")) {
            return null; // liqp's loop object is not a map: left to liqp.
        }
        try {
            // The whole source: a tag that ends no block here is not in the core (Unsupported).
            return new Template(List.copyOf(new Parser(source, html).body(Set.of())));
        } catch (Condition.SyntaxException | Unsupported e) {
            return null;
        }
    }

    // -------------------------------------------------------------------------------------------------- rendering

    private static void renderAll(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            node.render(scope, out);
            if (out.length() > LiquidEngine.MAX_OUTPUT_CHARS) {
                throw new Unsupported("output over the limit"); // liqp reports it.
            }
        }
    }

    /**
     * The variables: the root holds what assign and capture set, over the template's own (read, not copied); a
     * loop's scope holds its variable and reads through to its parent, as liqp's child contexts do.
     */
    private static final class Scope extends AbstractMap<String, Object> {
        private final Scope parent;
        private final Map<String, Object> own = new HashMap<>();
        private final Map<String, Object> template;
        private final int[] iterations;

        /** The root scope, over the template's variables. */
        Scope(Map<String, Object> template) {
            this.parent = null;
            this.template = template;
            this.iterations = new int[1];
        }

        /** A loop's scope, inside {@code parent}. */
        Scope(Scope parent) {
            this.parent = parent;
            this.template = Map.of();
            this.iterations = parent.iterations;
        }

        @Override
        public Object get(Object name) {
            Object value = own.get(name);
            if (value != null) {
                return value;
            }
            if (parent != null) {
                return parent.get(name); // A nil loop item reads through, as in liqp.
            }
            return own.containsKey(name) ? null : template.get(name); // An assigned nil hides the template's value.
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new UnsupportedOperationException("a scope is read by name");
        }

        void setGlobal(String name, Object value) {
            Scope root = this;
            while (root.parent != null) {
                root = root.parent;
            }
            root.own.put(name, value);
        }
    }

    private record Text(String text) implements Node {
        public void render(Scope scope, StringBuilder out) {
            out.append(text);
        }
    }

    private record Call(String name, LiquidFilters.Filter filter, List<Condition> arguments) {
    }

    private record Expression(Condition value, List<Call> filters) {
        Object evaluate(Scope scope) {
            Object value = this.value.value(scope);
            for (Call call : filters) {
                Object[] params = new Object[call.arguments().size()];
                for (int i = 0; i < params.length; i++) {
                    params[i] = call.arguments().get(i).value(scope);
                }
                value = call.filter().apply(value, params, scope::get, CoreLiquid::text);
            }
            return value;
        }
    }

    private record Output(Expression expression) implements Node {
        public void render(Scope scope, StringBuilder out) {
            append(expression.evaluate(scope), out);
        }
    }

    /** How liqp appends an output's value to the page (after OutputNode's decimal conversion). */
    private static void append(Object value, StringBuilder out) {
        if (value == null) {
            return;
        }
        if (value instanceof CharSequence || value instanceof SafeHtml || value instanceof Boolean
                || value instanceof Long || value instanceof Integer || value instanceof Double) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else {
            throw new Unsupported("an output of " + value.getClass().getSimpleName());
        }
    }

    /** A value as liqp's filters read it as text ({@code LValue.asString}), for the values printed the same way. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof CharSequence || value instanceof SafeHtml || value instanceof Boolean
                || value instanceof Number) {
            return value.toString();
        }
        throw new Unsupported("the text of " + value.getClass().getSimpleName());
    }

    private record Branch(Condition condition, boolean negated, List<Node> body) {
    }

    private record If(List<Branch> branches, List<Node> otherwise) implements Node {
        public void render(Scope scope, StringBuilder out) {
            for (Branch branch : branches) {
                if (holds(branch.condition(), scope) != branch.negated()) {
                    renderAll(branch.body(), scope, out);
                    return;
                }
            }
            renderAll(otherwise, scope, out);
        }
    }

    /** A condition's truth; one that cannot be evaluated (a number that is not finite) is liqp's to report. */
    private static boolean holds(Condition condition, Scope scope) {
        try {
            return condition.holds(scope);
        } catch (Condition.EvaluationException e) {
            throw new Unsupported("a condition liqp reports on");
        }
    }

    private record When(Condition value, List<Node> body) {
    }

    private record Case(Condition subject, List<When> whens, List<Node> otherwise) implements Node {
        public void render(Scope scope, StringBuilder out) {
            Object subject = this.subject.value(scope);
            for (When when : whens) {
                if (Condition.sameInCase(subject, when.value().value(scope))) {
                    renderAll(when.body(), scope, out);
                    return;
                }
            }
            renderAll(otherwise, scope, out);
        }
    }

    private record For(String variable, Condition collection, List<Node> body, List<Node> otherwise) implements Node {
        public void render(Scope scope, StringBuilder out) {
            Object data = collection.value(scope);
            List<?> items;
            if (data == null || "".equals(data)) {
                items = List.of();
            } else if (data instanceof List<?> list) {
                items = list;
            } else if (data instanceof Object[] array) {
                items = Arrays.asList(array);
            } else {
                throw new Unsupported("a loop over " + data.getClass().getSimpleName());
            }
            if (items.isEmpty()) {
                renderAll(otherwise, scope, out);
                return;
            }
            Scope loop = new Scope(scope);
            for (Object item : items) {
                if (++scope.iterations[0] > LiquidEngine.MAX_ITERATIONS) {
                    throw new Unsupported("iterations over the limit"); // liqp reports it.
                }
                loop.own.put(variable, item);
                renderAll(body, loop, out);
            }
        }
    }

    private record Assign(String variable, Expression expression) implements Node {
        public void render(Scope scope, StringBuilder out) {
            scope.setGlobal(variable, expression.evaluate(scope));
        }
    }

    private record Capture(String variable, List<Node> body) implements Node {
        public void render(Scope scope, StringBuilder out) {
            StringBuilder captured = new StringBuilder();
            renderAll(body, scope, captured);
            scope.setGlobal(variable, captured.toString());
        }
    }

    // -------------------------------------------------------------------------------------------------- filters

    private static final Pattern STRIP_HTML_BLOCKS = Pattern.compile(
            "<script.*?</script>|<style.*?</style>|<!--.*?-->", Pattern.MULTILINE);
    private static final Pattern STRIP_HTML_TAGS = Pattern.compile("<.*?>", Pattern.MULTILINE);
    private static final Pattern INTEGER_TEXT = Pattern.compile("-?\\d+");

    /** liqp's standard filters that the core renders, as liqp 0.9.2.3 writes them, beside Cairn's own. */
    private static final Map<String, LiquidFilters.Filter> FILTERS = Map.ofEntries(
            Map.entry("raw", LiquidFilters.RAW),
            Map.entry("escape", LiquidFilters.ESCAPE),
            Map.entry("safe_url", LiquidFilters.SAFE_URL),
            Map.entry("format_number", LiquidFilters.FORMAT_NUMBER),
            Map.entry("format_percent", LiquidFilters.FORMAT_PERCENT),
            Map.entry("format_currency", LiquidFilters.FORMAT_CURRENCY),
            Map.entry("format_date", LiquidFilters.FORMAT_DATE),
            Map.entry("default", (value, params, variables, text) ->
                    params.length == 0 || !falsy(value) ? value : params[0]),
            Map.entry("capitalize", (value, params, variables, text) -> {
                String original = text.apply(value);
                return original.isEmpty() ? original : Character.toUpperCase(original.charAt(0)) + original.substring(1);
            }),
            Map.entry("upcase", (value, params, variables, text) -> text.apply(value).toUpperCase()),
            Map.entry("downcase", (value, params, variables, text) -> text.apply(value).toLowerCase()),
            Map.entry("strip_html", (value, params, variables, text) -> STRIP_HTML_TAGS.matcher(
                    STRIP_HTML_BLOCKS.matcher(text.apply(value)).replaceAll("")).replaceAll("")),
            Map.entry("url_encode", (value, params, variables, text) ->
                    URLEncoder.encode(text.apply(value), StandardCharsets.UTF_8)),
            Map.entry("abs", (value, params, variables, text) -> abs(value)));

    /** liqp's falsy values for {@code default}: nil, false, and an empty string, list or map. */
    private static boolean falsy(Object value) {
        return value == null || Boolean.FALSE.equals(value)
                || (value instanceof CharSequence text && text.length() == 0)
                || (value instanceof Collection<?> items && items.isEmpty())
                || (value instanceof Object[] array && array.length == 0)
                || (value instanceof Map<?, ?> map && map.isEmpty());
    }

    /** liqp's {@code abs} for numbers (a whole one as a Long, else a decimal with at least one decimal place). */
    private static Object abs(Object value) {
        if (value == null || value instanceof Boolean) {
            return 0;
        }
        if (value instanceof Long || value instanceof Integer
                || (value instanceof Number && INTEGER_TEXT.matcher(value.toString().trim()).matches())) {
            return Math.abs(((Number) value).longValue());
        }
        if (value instanceof Number number && !(value instanceof Double d && !Double.isFinite(d))
                && !(value instanceof Float f && !Float.isFinite(f))) {
            BigDecimal decimal = new BigDecimal(number.toString()).abs();
            BigDecimal formatted = decimal.setScale(Math.max(1, decimal.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
            if (formatted.toString().equals(formatted.toPlainString())) {
                return formatted; // liqp's is a PlainBigDecimal: as text it would differ in exponent notation.
            }
        }
        throw new Unsupported("abs of " + value.getClass().getSimpleName());
    }

    // -------------------------------------------------------------------------------------------------- parsing

    /** A piece of the source: text, or a tag ({@code name} and the rest), or an output ({@code name} null). */
    private record Token(String text, String name, String rest) {
        boolean isTag(String tag) {
            return text == null && tag.equals(name);
        }
    }

    private static final Pattern TAG = Pattern.compile("\\s*([a-z_]+)(?:\\s+(.*?))?\\s*", Pattern.DOTALL);
    private static final String NAME_SYNTAX = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern NAME = Pattern.compile(NAME_SYNTAX);
    private static final Pattern ASSIGNMENT = Pattern.compile("(" + NAME_SYNTAX + ")\\s*=\\s*(.+)", Pattern.DOTALL);
    private static final Set<String> LITERAL_NAMES = Set.of("nil", "null", "true", "false", "empty", "blank");
    private static final Pattern LOOP = Pattern.compile("(" + NAME_SYNTAX + ")\\s+in\\s+(.+)", Pattern.DOTALL);

    private static final class Parser {
        private final boolean html;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String source, boolean html) {
            this.html = html;
            int i = 0;
            while (i < source.length()) {
                int output = source.indexOf("{{", i);
                int tag = source.indexOf("{%", i);
                int start = output < 0 ? tag : tag < 0 ? output : Math.min(output, tag);
                String text = source.substring(i, start < 0 ? source.length() : start);
                if (text.contains("}}") || text.contains("%}")) {
                    throw new Unsupported("a closing brace in text");
                }
                if (!text.isEmpty()) {
                    tokens.add(new Token(text, null, null));
                }
                if (start < 0) {
                    break;
                }
                boolean isOutput = start == output;
                int end = close(source, start + 2, isOutput ? "}}" : "%}");
                String inside = source.substring(start + 2, end);
                if (inside.startsWith("-") || inside.endsWith("-") || inside.contains("{{") || inside.contains("{%")) {
                    throw new Unsupported("whitespace control or a nested tag");
                }
                if (isOutput) {
                    if (hasComment(inside)) {
                        throw new Unsupported("a comment in an output"); // liqp rejects it (in a tag, it skips it).
                    }
                    tokens.add(new Token(null, null, inside));
                } else {
                    java.util.regex.Matcher matcher = TAG.matcher(inside);
                    if (!matcher.matches()) {
                        throw new Unsupported("a tag without a name");
                    }
                    tokens.add(new Token(null, matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2)));
                }
                i = end + 2;
            }
        }

        /** Whether {@code inside} has a {@code #} outside quoted strings. */
        private static boolean hasComment(String inside) {
            return outsideQuotes(inside, 0, "#") >= 0;
        }

        /** Where {@code closing} ends a tag that starts at {@code from}, outside quoted strings. */
        private static int close(String source, int from, String closing) {
            int end = outsideQuotes(source, from, closing);
            if (end < 0) {
                throw new Unsupported("an unclosed tag");
            }
            return end;
        }

        /** The first {@code wanted} from {@code from} on that is not inside a quoted string, or -1. */
        private static int outsideQuotes(String source, int from, String wanted) {
            char quote = 0;
            for (int i = from; i < source.length(); i++) {
                char c = source.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (source.startsWith(wanted, i)) {
                    return i;
                }
            }
            return -1;
        }

        /** Nodes up to one of the tags in {@code ends} (not taken), or to the end when {@code ends} is empty. */
        List<Node> body(Set<String> ends) {
            List<Node> nodes = new ArrayList<>();
            while (next < tokens.size()) {
                Token token = tokens.get(next);
                if (token.text() != null) {
                    next++;
                    nodes.add(new Text(token.text()));
                } else if (token.name() == null) {
                    next++;
                    nodes.add(new Output(output(token.rest())));
                } else if (ends.contains(token.name())) {
                    return nodes;
                } else {
                    next++;
                    nodes.add(tag(token));
                }
            }
            if (!ends.isEmpty()) {
                throw new Unsupported("an unclosed block");
            }
            return nodes;
        }

        private Node tag(Token token) {
            String rest = token.rest();
            switch (token.name()) {
                case "if" -> {
                    List<Branch> branches = new ArrayList<>();
                    Condition condition = Condition.parse("template", rest);
                    List<Node> otherwise = List.of();
                    while (true) {
                        List<Node> body = body(Set.of("elsif", "else", "endif"));
                        branches.add(new Branch(condition, false, body));
                        Token end = take();
                        if (end.isTag("elsif")) {
                            condition = Condition.parse("template", end.rest());
                        } else if (end.isTag("else") && end.rest().isEmpty()) {
                            otherwise = body(Set.of("endif"));
                            end(take(), "endif");
                            break;
                        } else {
                            end(end, "endif");
                            break;
                        }
                    }
                    return new If(List.copyOf(branches), otherwise);
                }
                case "unless" -> {
                    Condition condition = Condition.parse("template", rest);
                    List<Node> body = body(Set.of("endunless"));
                    end(take(), "endunless");
                    return new If(List.of(new Branch(condition, true, body)), List.of());
                }
                case "case" -> {
                    Condition subject = single(rest);
                    List<Node> before = body(Set.of("when", "else", "endcase"));
                    if (before.stream().anyMatch(n -> !(n instanceof Text text) || !text.text().isBlank())) {
                        throw new Unsupported("something between case and its first when");
                    }
                    List<When> whens = new ArrayList<>();
                    List<Node> otherwise = List.of();
                    Token at = take();
                    while (at.isTag("when")) {
                        Condition value = single(at.rest());
                        whens.add(new When(value, body(Set.of("when", "else", "endcase"))));
                        at = take();
                    }
                    if (at.isTag("else") && at.rest().isEmpty()) {
                        otherwise = body(Set.of("endcase"));
                        at = take();
                    }
                    end(at, "endcase");
                    return new Case(subject, List.copyOf(whens), otherwise);
                }
                case "for" -> {
                    java.util.regex.Matcher loop = LOOP.matcher(rest);
                    if (!loop.matches()) {
                        throw new Unsupported("a for loop with parameters or a range");
                    }
                    Condition collection = single(loop.group(2));
                    if (!collection.isVariable()) {
                        throw new Unsupported("a for loop over a literal");
                    }
                    List<Node> body = body(Set.of("else", "endfor"));
                    List<Node> otherwise = List.of();
                    Token end = take();
                    if (end.isTag("else") && end.rest().isEmpty()) {
                        otherwise = body(Set.of("endfor"));
                        end = take();
                    }
                    end(end, "endfor");
                    return new For(variable(loop.group(1)), collection, body, otherwise);
                }
                case "assign" -> {
                    java.util.regex.Matcher assignment = ASSIGNMENT.matcher(rest);
                    if (!assignment.matches()) {
                        throw new Unsupported("an assign of another form");
                    }
                    return new Assign(variable(assignment.group(1)), expression(assignment.group(2)));
                }
                case "capture" -> {
                    if (!NAME.matcher(rest).matches()) {
                        throw new Unsupported("a capture of another form");
                    }
                    variable(rest);
                    List<Node> body = body(Set.of("endcapture"));
                    end(take(), "endcapture");
                    return new Capture(rest, body);
                }
                default -> throw new Unsupported("the tag " + token.name());
            }
        }

        /** A name a tag sets: not one of the literals, which liqp's grammar rejects there (to report it). */
        private static String variable(String name) {
            if (LITERAL_NAMES.contains(name)) {
                throw new Unsupported("a literal as a variable name");
            }
            return name;
        }

        private Token take() {
            if (next >= tokens.size()) {
                throw new Unsupported("an unclosed block");
            }
            return tokens.get(next++);
        }

        private static void end(Token token, String tag) {
            if (!token.isTag(tag) || !token.rest().isEmpty()) {
                throw new Unsupported("a block that does not end with " + tag);
            }
        }

        /** A value alone: a variable or a literal, no filters. */
        private static Condition single(String source) {
            Condition.Output output = Condition.output("template", source);
            if (!output.filters().isEmpty()) {
                throw new Unsupported("filters in a tag");
            }
            return output.value();
        }

        private static Expression expression(String source) {
            Condition.Output output = Condition.output("template", source);
            List<Call> calls = new ArrayList<>();
            for (Condition.FilterCall call : output.filters()) {
                LiquidFilters.Filter filter = FILTERS.get(call.name());
                if (filter == null) {
                    throw new Unsupported("the filter " + call.name());
                }
                calls.add(new Call(call.name(), filter, call.arguments()));
            }
            return new Expression(output.value(), List.copyOf(calls));
        }

        /** An output tag's expression: escaped, in HTML, unless its last filter is raw or escape. */
        private Expression output(String source) {
            Expression expression = expression(source);
            List<Call> filters = expression.filters();
            String last = filters.isEmpty() ? "" : filters.get(filters.size() - 1).name();
            if (!html || last.equals("raw") || last.equals("escape")) {
                return expression;
            }
            List<Call> escaped = new ArrayList<>(filters);
            escaped.add(new Call("escape", LiquidFilters.ESCAPE, List.of()));
            return new Expression(expression.value(), List.copyOf(escaped));
        }
    }
}

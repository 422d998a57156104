package dev.cairn.program;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A program condition ({@code audience.when}, and {@code when} of snippets, scenes and calls to action): the
 * expression of a Liquid {@code {% if %}} tag, parsed once per program version and evaluated for each contact
 * without a template engine. Syntax and meaning are liqp 0.9.2.3's (Cairn's Liquid for templates), so that a
 * condition means the same in evaluate, render and upload validation; ConditionTest checks both side by side.
 *
 * <ul>
 * <li>Values: {@code contact.role}, {@code a["key"]}, {@code a[0]}, {@code a[-1]}, {@code a[b.c]}, {@code ["name"]},
 * {@code .size}, {@code .first}, {@code .last}; {@code 'text'}, {@code "text"}, {@code 12}, {@code -1.5},
 * {@code true}, {@code false}, {@code nil}, {@code null}, {@code empty}, {@code blank}; parentheses.</li>
 * <li>Operators: {@code == != <> < > <= >= contains}, then {@code and}/{@code or}, which have one precedence and
 * group from the right ({@code a and b or c} is {@code a and (b or c)}).</li>
 * <li>Only nil and false are false. A missing variable is nil. Numbers of any Java type compare by value, and a
 * number equals a string that spells it ({@code 5 == "5"}); in {@code < > <= >=} nil counts as 0 and true as 1.
 * {@code x == empty} holds for "", [] and {}.</li>
 * </ul>
 *
 * Two deliberate differences: a character liqp's lexer skips with a warning ({@code !}, {@code %}) is an error
 * here, and values are data (strings, numbers, booleans, lists, maps), never dates, which liqp compares as times.
 */
public final class Condition {

    private final String where;
    private final Node root;

    private Condition(String where, Node root) {
        this.where = where;
        this.root = root;
    }

    /** Thrown when a condition does not parse; the message names where, the line and column, and what is wrong. */
    public static final class SyntaxException extends RuntimeException {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Thrown when a condition cannot be evaluated for one contact (a number that is not finite). */
    public static final class EvaluationException extends RuntimeException {
        EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses a condition. {@code where} names it in messages, such as "program.yaml:12 (audience.when)".
     *
     * @throws SyntaxException when it does not parse
     */
    public static Condition parse(String where, String source) {
        if (source.contains("%}") || source.contains("{%") || source.contains("{{")) {
            throw new SyntaxException(where + ": condition must be an expression, not a template: " + source);
        }
        return new Condition(where, new Parser(where, source).parse());
    }

    /**
     * The condition at {@code pointer} in program.yaml, labelled like every problem of a program
     * ("program.yaml:12 (scenes.usage.when)"); null when there is none or when it does not parse, which adds a problem.
     */
    public static Condition at(YamlLines lines, String pointer, String key, String source, List<String> problems) {
        if (source == null) {
            return null;
        }
        try {
            return parse(lines.at(pointer) + " (" + key + ")", source);
        } catch (SyntaxException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Whether the condition holds for these variables (contact, account, fields, ...). */
    public boolean holds(Map<String, Object> variables) {
        try {
            return truthy(root.eval(variables));
        } catch (NumberFormatException e) {
            throw new EvaluationException(where + ": " + e.getMessage(), e);
        }
    }

    /** A filter in an output tag: its name and the values of its arguments. */
    public record FilterCall(String name, List<Condition> arguments) {
    }

    /** The inside of an output tag: a value and the filters applied to it in turn. */
    public record Output(Condition value, List<FilterCall> filters) {
    }

    /**
     * The inside of an output tag ({@code contact.first_name | default: "there"}), or the right side of an assign,
     * as liqp reads it: one value (a variable or a literal), then each filter with its arguments. Narrower than liqp,
     * for Cairn's core Liquid engine, which prints values as liqp does only for these: a decimal number, a range, an
     * expression in parentheses, {@code empty}, {@code blank} or a named argument does not parse here.
     *
     * @throws SyntaxException when it does not parse
     */
    public static Output output(String where, String source) {
        return new Parser(where, source).output();
    }

    /** The value of a variable or a literal (output and filter arguments): nil for a missing variable. */
    public Object value(Map<String, Object> variables) {
        return root.eval(variables);
    }

    /** Whether this is a variable (a for loop's collection), not a literal. */
    public boolean isVariable() {
        return root instanceof Lookup;
    }

    /** Liquid's equality as liqp's {@code case} tests each {@code when}: no conversion, unlike {@code ==}. */
    public static boolean sameInCase(Object a, Object b) {
        return same(a, b);
    }

    // ---------------------------------------------------------------------------------------------------- values

    /** Liquid's {@code empty} and {@code blank}: distinct objects that print as nothing. */
    private enum Special {
        EMPTY, BLANK;

        @Override
        public String toString() {
            return "";
        }
    }

    private interface Node {
        Object eval(Map<String, Object> variables);
    }

    private record Literal(Object value) implements Node {
        public Object eval(Map<String, Object> variables) {
            return value;
        }
    }

    private record And(Node left, Node right) implements Node {
        public Object eval(Map<String, Object> variables) {
            return truthy(left.eval(variables)) && truthy(right.eval(variables));
        }
    }

    private record Or(Node left, Node right) implements Node {
        public Object eval(Map<String, Object> variables) {
            return truthy(left.eval(variables)) || truthy(right.eval(variables));
        }
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value);
    }

    /** A variable: its name (or, for {@code [name]}, the variable holding its name), then each index in turn. */
    private record Lookup(String name, boolean indirect, List<Index> indexes) implements Node {
        public Object eval(Map<String, Object> variables) {
            Object value = variables.get(indirect ? String.valueOf(variables.get(name)) : name);
            for (Index index : indexes) {
                if (value == null) {
                    return null;
                }
                value = index.apply(value, variables);
            }
            return value;
        }
    }

    private interface Index {
        Object apply(Object value, Map<String, Object> variables);
    }

    private record Property(String name) implements Index {
        public Object apply(Object value, Map<String, Object> variables) {
            return property(value, name);
        }
    }

    private record Subscript(Node key) implements Index {
        public Object apply(Object value, Map<String, Object> variables) {
            Object k = key.eval(variables);
            if (k instanceof Number number) {
                return element(value, number.intValue());
            }
            return value instanceof List || value instanceof Object[] ? null : property(value, String.valueOf(k));
        }
    }

    /** {@code .size}, {@code .first} and {@code .last} of lists and strings; a map's own key comes first for size. */
    private static Object property(Object value, String name) {
        switch (name) {
            case "size" -> {
                if (value instanceof Collection<?> collection) {
                    return collection.size();
                } else if (value instanceof Map<?, ?> map) {
                    return map.containsKey(name) ? map.get(name) : map.size();
                } else if (value instanceof Object[] array) {
                    return array.length;
                } else if (value instanceof CharSequence text) {
                    return text.length();
                }
            }
            case "first" -> {
                if (value instanceof List<?> list) {
                    return list.isEmpty() ? null : list.get(0);
                } else if (value instanceof Object[] array) {
                    return array.length == 0 ? null : array[0];
                }
            }
            case "last" -> {
                if (value instanceof List<?> list) {
                    return list.isEmpty() ? null : list.get(list.size() - 1);
                } else if (value instanceof Object[] array) {
                    return array.length == 0 ? null : array[array.length - 1];
                }
            }
            default -> {
            }
        }
        return value instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /** A list's element; a negative index counts from the end. Maps have no numbered elements. */
    private static Object element(Object value, int index) {
        Collection<?> items = value instanceof Object[] array ? Arrays.asList(array)
                : value instanceof Collection<?> collection ? collection : null;
        if (items == null) {
            return null;
        }
        int at = index < 0 ? items.size() + index : index;
        if (at < 0 || at >= items.size()) {
            return null;
        }
        if (items instanceof List<?> list) {
            return list.get(at);
        }
        Iterator<?> it = items.iterator();
        for (int i = 0; i < at; i++) {
            it.next();
        }
        return it.next();
    }

    private enum Operator {
        EQ("=="), NE("!="), LT("<"), GT(">"), LE("<="), GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean relative() {
            return this != EQ && this != NE;
        }
    }

    private static final Pattern NUMBER_TEXT = Pattern.compile("-?\\d+(\\.\\d*)?");

    private record Comparison(Operator operator, Node left, Node right) implements Node {
        public Object eval(Map<String, Object> variables) {
            Object a = left.eval(variables);
            Object b = right.eval(variables);
            a = a instanceof Number n ? decimal(n) : a;
            b = b instanceof Number n ? decimal(n) : b;
            if (operator.relative()) {
                a = a == null ? BigDecimal.ZERO : a instanceof Boolean t ? (t ? BigDecimal.ONE : BigDecimal.ZERO) : a;
                b = b == null ? BigDecimal.ZERO : b instanceof Boolean t ? (t ? BigDecimal.ONE : BigDecimal.ZERO) : b;
            }
            // A number and a string that spells one compare as numbers ("5" == 5).
            if ((a instanceof BigDecimal && spellsNumber(b)) || (b instanceof BigDecimal && spellsNumber(a))) {
                a = decimal(a);
                b = decimal(b);
            }
            return switch (operator) {
                case EQ -> equal(a, b);
                case NE -> a instanceof Boolean || b instanceof Boolean
                        ? !(a instanceof Boolean && b instanceof Boolean && a.equals(b)) : !same(a, b);
                default -> ordered(a, b);
            };
        }

        private boolean ordered(Object a, Object b) {
            int order;
            if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
                order = x.compareTo(y);
            } else if (a instanceof String x && b instanceof String y) {
                order = x.compareTo(y);
            } else {
                return false; // Values of different kinds have no order.
            }
            return switch (operator) {
                case LT -> order < 0;
                case GT -> order > 0;
                case LE -> order <= 0;
                default -> order >= 0;
            };
        }
    }

    private static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return a.equals(b);
        }
        return same(a, b);
    }

    /** Equality of liqp: numbers within 1e-11 of each other, any two empty values ("", [], {}, empty), else equals. */
    private static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Math.abs(x.doubleValue() - y.doubleValue()) < 0.00000000001;
        }
        return (isEmpty(a) && isEmpty(b)) || a.equals(b);
    }

    private static boolean isEmpty(Object value) {
        return value == Special.EMPTY
                || (value instanceof CharSequence text && text.length() == 0)
                || (value instanceof Collection<?> collection && collection.isEmpty())
                || (value instanceof Map<?, ?> map && map.isEmpty())
                || (value instanceof Object[] array && array.length == 0);
    }

    private static boolean spellsNumber(Object value) {
        return value instanceof BigDecimal
                || (value != null && NUMBER_TEXT.matcher(String.valueOf(value).trim()).matches());
    }

    /** Any number, or a string that spells one, as a decimal; throws for NaN and infinities, as liqp does. */
    private static BigDecimal decimal(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString().trim());
    }

    private record Contains(Node left, Node right) implements Node {
        public Object eval(Map<String, Object> variables) {
            Object haystack = left.eval(variables);
            Object needle = right.eval(variables);
            Collection<?> items = haystack instanceof Map<?, ?> map ? map.keySet()
                    : haystack instanceof Object[] array ? Arrays.asList(array)
                    : haystack instanceof Collection<?> collection ? collection : null;
            if (items != null) {
                Object wanted = sameScale(needle);
                for (Object item : items) {
                    if (wanted == null ? item == null : wanted.equals(sameScale(item))) {
                        return true;
                    }
                }
                return false;
            }
            if (haystack instanceof CharSequence text) {
                return text.toString().contains(text(needle));
            }
            return false;
        }

        /** A number with at least one decimal, so that 2, 2.0 and 2.00 are equal elements. */
        private static Object sameScale(Object value) {
            if (!(value instanceof Number)) {
                return value;
            }
            BigDecimal number = new BigDecimal(value.toString());
            return number.setScale(Math.max(1, number.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY);
        }

        /** A value as Liquid prints it: nothing for nil, a list's elements one after the other. */
        private static String text(Object value) {
            if (value == null) {
                return "";
            }
            Collection<?> items = value instanceof Object[] array ? Arrays.asList(array)
                    : value instanceof Collection<?> collection ? collection : null;
            if (items == null) {
                return String.valueOf(value);
            }
            StringBuilder text = new StringBuilder();
            items.forEach(item -> text.append(text(item)));
            return text.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------- syntax

    private enum Kind {
        NAME, STRING, INTEGER, DECIMAL, KEYWORD, SYMBOL, END
    }

    /** A token and where it starts in the condition. */
    private record Token(Kind kind, String text, int offset) {
        boolean is(String symbolOrKeyword) {
            return (kind == Kind.SYMBOL || kind == Kind.KEYWORD) && text.equals(symbolOrKeyword);
        }
    }

    /** Words that are keywords when they stand alone; within {@code a.b.c}, and after a dot, they are names. */
    private static final Set<String> KEYWORDS = Set.of("contains", "in", "and", "or", "true",
            "false", "nil", "null", "with", "offset", "continue", "reversed", "empty", "blank");

    private static final List<String> SYMBOLS = List.of("..", "!=", "<>", "==", ">=", "<=", ".", "=", ">",
            "<", "-", "|", ":", ",", "(", ")", "[", "]", "?", "/", "\\");

    private static final class Parser {
        private final String where;
        private final String source;
        private final List<Token> tokens;
        private int next;

        Parser(String where, String source) {
            this.where = where;
            this.source = source;
            this.tokens = tokenize();
        }

        Output output() {
            for (Token token : tokens) {
                if (token.kind == Kind.DECIMAL) {
                    throw error(token, "a decimal number is printed by liqp, not here");
                }
            }
            Condition value = plainTerm();
            List<FilterCall> filters = new ArrayList<>();
            while (peek().is("|")) {
                take();
                Token name = take();
                if (name.kind != Kind.NAME) {
                    throw error(name, "expected a filter's name after '|', found " + describe(name));
                }
                List<Condition> arguments = new ArrayList<>();
                if (peek().is(":")) {
                    take();
                    arguments.add(plainTerm());
                    while (peek().is(",")) {
                        take();
                        arguments.add(plainTerm());
                    }
                }
                filters.add(new FilterCall(name.text, List.copyOf(arguments)));
            }
            if (peek().kind != Kind.END) {
                throw error(peek(), "found " + describe(peek()) + " after a complete value");
            }
            return new Output(value, List.copyOf(filters));
        }

        /** A variable, or a literal other than empty and blank. */
        private Condition plainTerm() {
            Token first = peek();
            Node node = term();
            if (!(node instanceof Lookup) && !(node instanceof Literal literal && !(literal.value() instanceof Special))) {
                throw error(first, "expected a variable or a literal");
            }
            return new Condition(where, node);
        }

        Node parse() {
            Node node = expression(0);
            if (peek().kind != Kind.END) {
                throw error(peek(), "found " + describe(peek()) + " after a complete condition"
                        + " (combine conditions with 'and' or 'or')");
            }
            return node;
        }

        // Precedence as in liqp's grammar, loosest first: and/or (from the right), contains, == !=, < > <= >=.
        private Node expression(int level) {
            if (level == 0) {
                Node left = expression(1);
                if (peek().is("and") || peek().is("or")) {
                    boolean and = take().is("and");
                    Node right = expression(0);
                    return and ? new And(left, right) : new Or(left, right);
                }
                return left;
            }
            if (level == 4) {
                return term();
            }
            Node left = expression(level + 1);
            while (true) {
                Token op = peek();
                if (level == 1 && op.is("contains")) {
                    take();
                    left = new Contains(left, expression(level + 1));
                } else if (level == 2 && (op.is("==") || op.is("!=") || op.is("<>"))) {
                    take();
                    left = new Comparison(op.is("==") ? Operator.EQ : Operator.NE, left, expression(level + 1));
                } else if (level == 3 && (op.is("<") || op.is(">") || op.is("<=") || op.is(">="))) {
                    take();
                    Operator operator = switch (op.text) {
                        case "<" -> Operator.LT;
                        case ">" -> Operator.GT;
                        case "<=" -> Operator.LE;
                        default -> Operator.GE;
                    };
                    left = new Comparison(operator, left, expression(level + 1));
                } else {
                    return left;
                }
            }
        }

        private Node term() {
            Token token = take();
            switch (token.kind) {
                case STRING:
                    return new Literal(token.text);
                case INTEGER:
                    try {
                        return new Literal(Long.valueOf(token.text));
                    } catch (NumberFormatException e) {
                        throw error(token, "number " + token.text + " is too large");
                    }
                case DECIMAL:
                    return new Literal(Double.valueOf(token.text));
                case KEYWORD:
                    switch (token.text) {
                        case "true":
                            return new Literal(Boolean.TRUE);
                        case "false":
                            return new Literal(Boolean.FALSE);
                        case "nil", "null":
                            return new Literal(null);
                        case "empty":
                            return new Literal(Special.EMPTY);
                        case "blank":
                            return new Literal(Special.BLANK);
                        default: // liqp takes the other keywords for names too: "and" alone is the variable "and".
                            return lookup(token.text);
                    }
                case NAME:
                    return lookup(token.text);
                case SYMBOL:
                    if (token.is("(")) {
                        Node inner = expression(0);
                        expect(")", "to close the '(' at column " + column(token));
                        return inner;
                    }
                    if (token.is("[")) {
                        Token name = take();
                        if (name.kind != Kind.STRING && name.kind != Kind.NAME) {
                            throw error(name, "expected a quoted name or a variable after '[', found "
                                    + describe(name));
                        }
                        expect("]", "after " + describe(name));
                        question();
                        boolean indirect = name.kind == Kind.NAME || name.text.startsWith("@");
                        String variable = name.kind == Kind.STRING && indirect ? name.text.substring(1) : name.text;
                        return new Lookup(variable, indirect, List.of());
                    }
                    break;
                default:
                    break;
            }
            throw error(token, "expected a value (a variable, a quoted string, a number, true, false, nil, empty"
                    + " or blank), found " + describe(token));
        }

        private Node lookup(String name) {
            List<Index> indexes = new ArrayList<>();
            while (true) {
                if (peek().is(".")) {
                    take();
                    Token property = take();
                    boolean named = property.kind == Kind.NAME || (property.kind == Kind.KEYWORD
                            && !property.text.equals("blank"));
                    if (!named) {
                        throw error(property, "expected a name after '.', found " + describe(property));
                    }
                    indexes.add(new Property(property.text));
                } else if (peek().is("[")) {
                    Token open = take();
                    if (peek().is("]")) {
                        throw error(peek(), "expected an index or a key between '[' and ']'");
                    }
                    Node key = expression(0);
                    expect("]", "to close the '[' at column " + column(open));
                    indexes.add(new Subscript(key));
                } else {
                    question();
                    return new Lookup(name, false, List.copyOf(indexes));
                }
            }
        }

        /** liqp accepts and ignores a {@code ?} after a variable. */
        private void question() {
            if (peek().is("?")) {
                take();
            }
        }

        private void expect(String symbol, String why) {
            Token token = take();
            if (!token.is(symbol)) {
                throw error(token, "expected '" + symbol + "' " + why + ", found " + describe(token));
            }
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token token = tokens.get(next);
            if (token.kind != Kind.END) {
                next++;
            }
            return token;
        }

        private static String describe(Token token) {
            return switch (token.kind) {
                case END -> "the end of the condition";
                case STRING -> "a string";
                default -> "'" + token.text + "'";
            };
        }

        private int column(Token token) {
            return token.offset - source.lastIndexOf('\n', token.offset - 1);
        }

        private SyntaxException error(Token token, String message) {
            return error(token.offset, message);
        }

        private SyntaxException error(int offset, String message) {
            int line = 1 + (int) source.substring(0, offset).chars().filter(c -> c == '\n').count();
            int column = offset - source.lastIndexOf('\n', offset - 1);
            return new SyntaxException(where + ":" + line + ":" + column + ": " + message);
        }

        // ------------------------------------------------------------------------------------------------ lexer

        private List<Token> tokenize() {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = source.length();
            while (i < n) {
                char c = source.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    i++;
                } else if (c == '#') {
                    while (i < n && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
                        i++; // A comment to the end of the line, as in liqp.
                    }
                } else if (c == '\'' || c == '"') {
                    int close = source.indexOf(c, i + 1);
                    if (close < 0) {
                        throw error(i, "the string that starts here is not closed with " + c);
                    }
                    out.add(new Token(Kind.STRING, source.substring(i + 1, close), i));
                    i = close + 1;
                } else if (isDigit(c) || (c == '-' && i + 1 < n && isDigit(source.charAt(i + 1)))) {
                    i = number(out, i);
                } else if (isLetter(c) || c == '_') {
                    i = word(out, i);
                } else {
                    i = symbol(out, i);
                }
            }
            out.add(new Token(Kind.END, "", n));
            return out;
        }

        /** A number, unless a name (digits then letters: {@code 2a}) is longer. */
        private int number(List<Token> out, int start) {
            int i = start + (source.charAt(start) == '-' ? 1 : 0);
            i = digits(i);
            Kind kind = Kind.INTEGER;
            if (i < source.length() && source.charAt(i) == '.') {
                int fraction = digits(i + 1);
                if (fraction > i + 1) {
                    kind = Kind.DECIMAL;
                    i = fraction;
                } else if (!(i + 1 < source.length() && source.charAt(i + 1) == '.')) {
                    kind = Kind.DECIMAL; // "1." is a number, "1..2" a range.
                    i = i + 1;
                }
            }
            if (source.charAt(start) != '-') {
                int name = nameEnd(start, true);
                if (name > i) {
                    out.add(new Token(Kind.NAME, source.substring(start, name), start));
                    return name;
                }
            }
            out.add(new Token(kind, source.substring(start, i), start));
            return i;
        }

        /**
         * A word: a keyword alone, or a name. {@code a.b.c} written without spaces and dashes is read as names
         * throughout ({@code contact.empty} is a key named "empty", {@code a.1} one named "1"); a name with a dash
         * ({@code x-y}) stands alone, as in liqp's lexer.
         */
        private int word(List<Token> out, int start) {
            int end = nameEnd(start, false);
            if (end < source.length() - 1 && source.charAt(end) == '.' && isNameChar(source.charAt(end + 1), false)) {
                out.add(new Token(Kind.NAME, source.substring(start, end), start));
                while (end < source.length() - 1 && source.charAt(end) == '.'
                        && isNameChar(source.charAt(end + 1), false)) {
                    int segment = nameEnd(end + 1, false);
                    out.add(new Token(Kind.SYMBOL, ".", end));
                    out.add(new Token(Kind.NAME, source.substring(end + 1, segment), end + 1));
                    end = segment;
                }
                return end;
            }
            end = nameEnd(start, true);
            String text = source.substring(start, end);
            out.add(new Token(KEYWORDS.contains(text) ? Kind.KEYWORD : Kind.NAME, text, start));
            return end;
        }

        private int symbol(List<Token> out, int start) {
            for (String symbol : SYMBOLS) {
                if (source.startsWith(symbol, start)) {
                    out.add(new Token(Kind.SYMBOL, symbol, start));
                    return start + symbol.length();
                }
            }
            throw error(start, "unexpected character '" + source.charAt(start) + "'"
                    + (source.charAt(start) == '!' || source.charAt(start) == '&'
                    ? " (Liquid writes 'and', 'or' and '!='; it has no 'not')" : ""));
        }

        private int nameEnd(int i, boolean dashes) {
            while (i < source.length() && isNameChar(source.charAt(i), dashes)) {
                i++;
            }
            return i;
        }

        private int digits(int i) {
            while (i < source.length() && isDigit(source.charAt(i))) {
                i++;
            }
            return i;
        }

        private static boolean isNameChar(char c, boolean dashes) {
            return isLetter(c) || isDigit(c) || c == '_' || (dashes && c == '-');
        }

        private static boolean isLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}

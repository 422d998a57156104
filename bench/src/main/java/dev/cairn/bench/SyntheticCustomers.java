package dev.cairn.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generated CSV exports for the ingest and pipeline figures: accounts, and contacts spread over them, as a CRM
 * export would give them (mixed-case headers and aliases, quoted names with commas and quotes, optional cells left
 * empty, a custom attribute). Every row is valid, so every row does the whole job. Same seed, same files.
 */
final class SyntheticCustomers {

    static final int CONTACTS_PER_ACCOUNT = 20;

    private static final List<String> SEGMENTS = List.of("SMB", "Commercial", "Enterprise");
    private static final List<String> ROLES = List.of("admin", "user", "executive", "champion", "analyst");
    private static final List<String> ZONES = List.of("Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC");
    private static final List<String> LOCALES = List.of("en", "fr-FR", "de", "en-GB");
    private static final List<String> FIRST = List.of("Ada", "Grace", "Zoë", "Linus", "Émile", "Mary Ann", "O'Neil");
    private static final List<String> LAST = List.of("Lovelace", "Hopper", "Durand, Jr.", "Smith \"Smitty\"", "Müller");

    private SyntheticCustomers() {
    }

    /** Writes accounts.csv for {@code contacts / CONTACTS_PER_ACCOUNT} accounts (at least one); returns the file. */
    static Path accounts(Path folder, int contacts) throws IOException {
        Path file = folder.resolve("accounts-" + contacts + ".csv");
        Random random = new Random(7);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Account ID,Company Name,Segment,Plan,ARR,Renewal,Licenses,Seats Used,Health\r\n");
            for (int a = 0; a < accountCount(contacts); a++) {
                out.write(String.join(",", "acc-" + a, quote("Customer " + a + ", Inc."), pick(random, SEGMENTS),
                        "pro", Integer.toString(5_000 + random.nextInt(200_000)),
                        "2027-0" + (1 + random.nextInt(9)) + "-15", Integer.toString(10 + random.nextInt(90)),
                        Integer.toString(random.nextInt(10)), Integer.toString(random.nextInt(101))) + "\r\n");
            }
        }
        return file;
    }

    /** Writes contacts.csv with {@code contacts} rows over the accounts of {@link #accounts}; returns the file. */
    static Path contacts(Path folder, int contacts) throws IOException {
        Path file = folder.resolve("contacts-" + contacts + ".csv");
        Random random = new Random(11);
        int accounts = accountCount(contacts);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Contact ID,Account,E-mail,First Name,Last Name,Title,Champion,Time Zone,Language,favourite_feature\r\n");
            for (int c = 0; c < contacts; c++) {
                out.write(String.join(",", "c-" + c, "acc-" + (c % accounts), "Contact." + c + "@Customer" + (c % accounts) + ".example",
                        quote(pick(random, FIRST)), quote(pick(random, LAST)), pick(random, ROLES),
                        random.nextInt(10) == 0 ? "true" : "false", random.nextBoolean() ? pick(random, ZONES) : "",
                        pick(random, LOCALES), random.nextInt(3) == 0 ? "" : "dashboards") + "\r\n");
            }
        }
        return file;
    }

    static int accountCount(int contacts) {
        return Math.max(1, contacts / CONTACTS_PER_ACCOUNT);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}

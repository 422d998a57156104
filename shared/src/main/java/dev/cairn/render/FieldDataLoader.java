package dev.cairn.render;

import dev.cairn.program.FieldSpec;
import dev.cairn.program.Program;
import dev.cairn.render.fields.FieldData;
import dev.cairn.render.fields.Peer;
import dev.cairn.store.EntityStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers from the store what a program's fields read for one contact: today in the contact's time zone, and the
 * members of the team and account scopes, read only when a field uses them. Metric history and the account scopes
 * (segment, plan, all) are not read yet: fields over them are absent, so scenes that need them are left out.
 */
public final class FieldDataLoader {

    private final EntityStore entities;
    private final Clock clock;

    public FieldDataLoader(EntityStore entities, Clock clock) {
        this.entities = entities;
        this.clock = clock;
    }

    public FieldData load(Program program, Map<String, Object> contact, Map<String, Object> account) {
        // From the instant, not clock.withZone: the local runtime's clock is UTC-only.
        LocalDate today = clock.instant().atZone(LocaleFormat.zone(contact.get("timezone"))).toLocalDate();
        Map<String, List<Peer>> peers = new HashMap<>();
        boolean usesContactScopes = program.fields().stream().anyMatch(f ->
                f instanceof FieldSpec.Aggregate a && FieldSpec.CONTACT_SCOPES.contains(a.scope())
                        || f instanceof FieldSpec.Leaderboard l && FieldSpec.CONTACT_SCOPES.contains(l.scope()));
        if (usesContactScopes && contact.get("account_id") != null) {
            List<Peer> team = new ArrayList<>();
            List<Peer> all = new ArrayList<>();
            for (Map<String, Object> other : entities.contactsOfAccount((String) contact.get("account_id"))) {
                Peer peer = new Peer((String) other.get("contact_id"), label(other), other, Map.of());
                all.add(peer);
                if (contact.get("team") != null && Objects.equals(contact.get("team"), other.get("team"))) {
                    team.add(peer);
                }
            }
            peers.put("team", team);
            peers.put("account", all);
        }
        return new FieldData(contact, account, today, Map.of(), peers);
    }

    /** "Ana T." — enough to recognise a teammate on a leaderboard, no more. */
    static String label(Map<String, Object> contact) {
        Object first = contact.get("first_name");
        Object last = contact.get("last_name");
        if (first == null) {
            return "A teammate";
        }
        String initial = last == null || last.toString().isEmpty() ? "" : " " + last.toString().charAt(0) + ".";
        return first + initial;
    }
}

package dev.kunren.server.cli;

import dev.kunren.server.paging.PageDeliveries;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where e-mailed pages go out: an SMTP server, the sender, and a login from the environment. */
final class PagingOptions {

    @Option(names = "--smtp", paramLabel = "HOST:PORT", defaultValue = "${env:KUNREN_SMTP}",
            description = "SMTP server that e-mails pages to the people on call (STARTTLS when offered; login from KUNREN_SMTP_USER "
                    + "and KUNREN_SMTP_PASSWORD; env KUNREN_SMTP).")
    String smtp;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", defaultValue = "${env:KUNREN_SMTP_FROM}",
            description = "Sender of e-mailed pages (default: kunren@localhost; env KUNREN_SMTP_FROM).")
    String from;

    /** The SMTP server given, if any; a malformed one is a usage error (exit 2). */
    Optional<PageDeliveries.Smtp> smtp(CommandSpec spec) {
        if (smtp == null || smtp.isBlank()) {
            return Optional.empty();
        }
        int colon = smtp.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(smtp.substring(colon + 1)) : 25;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--smtp is HOST:PORT, such as smtp.example.com:587, not " + smtp);
        }
        String sender = from == null || from.isBlank() ? "kunren@localhost" : from.strip();
        if (!sender.matches("[^@\\s<>]{1,64}@[^@\\s<>]{1,190}")) {
            throw new ParameterException(spec.commandLine(), "--smtp-from is an e-mail address, such as kunren@example.com, not " + sender);
        }
        return Optional.of(new PageDeliveries.Smtp(colon > 0 ? smtp.substring(0, colon) : smtp, port, sender,
                Optional.ofNullable(System.getenv("KUNREN_SMTP_USER")).filter(u -> !u.isBlank()),
                Optional.ofNullable(System.getenv("KUNREN_SMTP_PASSWORD"))));
    }
}

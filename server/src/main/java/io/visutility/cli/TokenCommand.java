package io.visutility.cli;

import io.visutility.http.ApiTokens;
import io.visutility.http.Role;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * API tokens of a data directory. Works while a server runs on it (tokens live in their own file,
 * not in the journal); the server sees a change within a second.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Create, list and revoke API tokens (stored hashed in DATA/tokens.json).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a token command: create, list or revoke");
    }

    static ApiTokens tokens(Context ctx) throws IOException {
        return ApiTokens.in(ctx.data(), Clock.systemUTC());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            description = "Create a token and print it once (it is stored only as a hash).")
    static final class Create implements Callable<Integer> {
        @Mixin
        Context ctx;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "read (GET anything), write (also telemetry, artifacts, registrations) or admin (everything).")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "Who or what uses it, e.g. ci or serving-eu.")
        String name;

        @Override
        public Integer call() throws IOException {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new VisutilityCommand.UserError(e.getMessage());
            }
            ApiTokens.Created c;
            try {
                c = tokens(ctx).create(r, name);
            } catch (IllegalArgumentException e) {
                throw new VisutilityCommand.UserError(e.getMessage());
            }
            ctx.out().println(c.secret());
            ctx.err().println("created token " + c.token().id() + " with role " + r.jsonName()
                    + "; it is shown only this once (send it as 'Authorization: Bearer <token>' or set VISUTILITY_TOKEN)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            description = "List tokens: id, role, name, created (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        Context ctx;

        @Override
        public Integer call() throws IOException {
            List<ApiTokens.Token> all = tokens(ctx).list();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "ROLE", "NAME", "CREATED"});
            for (ApiTokens.Token k : all) {
                rows.add(new String[] {k.id(), k.role().jsonName(), k.name() == null ? "-" : k.name(),
                        k.createdAt().toString()});
            }
            Table.print(rows, ctx.out());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            description = "Revoke a token by its id (the server refuses it within a second).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Context ctx;

        @Parameters(paramLabel = "ID", description = "The token's id, as 'token list' shows it.")
        String id;

        @Override
        public Integer call() throws IOException {
            if (!tokens(ctx).revoke(id)) {
                throw new VisutilityCommand.UserError("no token with id '" + id + "'");
            }
            ctx.out().println("revoked token " + id);
            return 0;
        }
    }
}

using System.Text.Json;
using CorrelationHub.Persistence.Records;
using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Accounts;
using CorrelationHub.Web.Audit;
using CorrelationHub.Web.Live;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Hosting;

/// <summary>
/// <c>accounts add &lt;username&gt; --role administrator|supervisor [--teams 5002,5003] [--name "…"]</c>,
/// <c>accounts update &lt;username&gt; [--role …] [--teams …] [--name …]</c>, <c>accounts set-password &lt;username&gt;</c>,
/// <c>accounts remove &lt;username&gt;</c>, <c>accounts list</c>. Passwords come from stdin, never an argument. Every
/// change is audited (actor: the operating-system user, via <c>cli</c>). A password change or a removal signs the
/// account out everywhere; a change of role, teams or name applies to its sessions at their next request.
/// Exit codes: 0 done, 1 no such account / already exists, 2 bad usage.
/// </summary>
public static class AccountsCommand
{
    public const string Usage = """
        usage: accounts add <username> --role administrator|supervisor [--teams ID,ID...] [--name "Display Name"]   (password on stdin)
               accounts update <username> [--role administrator|supervisor] [--teams ID,ID...] [--name "Display Name"]
               accounts set-password <username>   (password on stdin)
               accounts remove <username>
               accounts list
        """;

    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> positional, IReadOnlyDictionary<string, string?> options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var verb = positional.Count > 0 ? positional[0] : null;
        var username = positional.Count > 1 ? AccountStore.Normalize(positional[1]) : null;
        if (verb is null || (verb == "list" ? positional.Count != 1 : positional.Count != 2) || verb is not ("add" or "update" or "set-password" or "remove" or "list"))
        {
            return await FailAsync(stderr, 2, Usage).ConfigureAwait(false);
        }

        if (username is not null && AccountRules.Username(username) is { } badName)
        {
            return await FailAsync(stderr, 2, $"username: {badName}").ConfigureAwait(false);
        }

        var store = services.GetRequiredService<AccountStore>();
        var audit = services.GetRequiredService<AuditLog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        var actor = Environment.UserName;
        switch (verb)
        {
            case "list":
                await stdout.WriteLineAsync(JsonSerializer.Serialize((await store.ListAsync().ConfigureAwait(false)).Select(View), Output)).ConfigureAwait(false);
                return 0;

            case "add":
            {
                options.TryGetValue("role", out var role);
                var (teams, problem) = Teams(options, role, required: true);
                if (AccountRules.Role(role) is { } badRole || problem is not null)
                {
                    return await FailAsync(stderr, 2, problem ?? $"--role: {AccountRules.Role(role)}").ConfigureAwait(false);
                }

                var (password, error) = await NewPasswordAsync(stdin, stderr).ConfigureAwait(false);
                if (password is null)
                {
                    return await FailAsync(stderr, 2, error!).ConfigureAwait(false);
                }

                var account = new AccountRow
                {
                    Username = username!,
                    DisplayName = options.TryGetValue("name", out var name) && !string.IsNullOrWhiteSpace(name) ? name.Trim() : null,
                    Role = role!,
                    PasswordHash = services.GetRequiredService<PasswordHashing>().Hash(password),
                    CreatedMs = now,
                    Teams = teams ?? [],
                };
                if (!await store.AddAsync(account).ConfigureAwait(false))
                {
                    return await FailAsync(stderr, 1, $"account {username} already exists (accounts update / set-password change it)").ConfigureAwait(false);
                }

                await audit.WriteAsAsync(null, AuditActions.AccountAdd, actor, username, "cli", AuditOutcomes.Success, new { role, teams = account.Teams, displayName = account.DisplayName }, CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(View((await store.GetAsync(username!).ConfigureAwait(false))!), Output)).ConfigureAwait(false);
                return 0;
            }

            case "update":
            {
                var existing = await store.GetAsync(username!).ConfigureAwait(false);
                if (existing is null)
                {
                    return await FailAsync(stderr, 1, $"no account {username}").ConfigureAwait(false);
                }

                options.TryGetValue("role", out var role);
                options.TryGetValue("name", out var name);
                if (role is not null && AccountRules.Role(role) is { } badRole)
                {
                    return await FailAsync(stderr, 2, $"--role: {badRole}").ConfigureAwait(false);
                }

                var finalRole = role ?? existing.Role;
                var (teams, problem) = Teams(options, finalRole, required: finalRole == TeamScope.SupervisorRole && existing.Role != TeamScope.SupervisorRole);
                if (problem is not null)
                {
                    return await FailAsync(stderr, 2, problem).ConfigureAwait(false);
                }

                if (role is null && teams is null && name is null)
                {
                    return await FailAsync(stderr, 2, "nothing to change: give --role, --teams and/or --name").ConfigureAwait(false);
                }

                // An administrator sees every team: its teams are cleared rather than kept for later.
                teams ??= finalRole == TeamScope.AdministratorRole && existing.Teams.Count > 0 ? [] : null;
                var updated = await store.UpdateAsync(username!, role, teams, name?.Trim(), now).ConfigureAwait(false);
                await audit.WriteAsAsync(null, AuditActions.AccountUpdate, actor, username, "cli", AuditOutcomes.Success, new { role, teams, displayName = name?.Trim() }, CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(View(updated!), Output)).ConfigureAwait(false);
                return 0;
            }

            case "set-password":
            {
                if (await store.GetAsync(username!).ConfigureAwait(false) is null)
                {
                    return await FailAsync(stderr, 1, $"no account {username}").ConfigureAwait(false);
                }

                var (password, error) = await NewPasswordAsync(stdin, stderr).ConfigureAwait(false);
                if (password is null)
                {
                    return await FailAsync(stderr, 2, error!).ConfigureAwait(false);
                }

                await store.SetPasswordAsync(username!, services.GetRequiredService<PasswordHashing>().Hash(password), now).ConfigureAwait(false);
                await audit.WriteAsAsync(null, AuditActions.AccountSetPassword, actor, username, "cli", AuditOutcomes.Success, new { sessionsEnded = true }, CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new { username, passwordChanged = true, signedOutEverywhere = true }, Output)).ConfigureAwait(false);
                return 0;
            }

            default:
                if (!await store.RemoveAsync(username!, now).ConfigureAwait(false))
                {
                    return await FailAsync(stderr, 1, $"no account {username}").ConfigureAwait(false);
                }

                await audit.WriteAsAsync(null, AuditActions.AccountRemove, actor, username, "cli", AuditOutcomes.Success, null, CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new { username, removed = true }, Output)).ConfigureAwait(false);
                return 0;
        }
    }

    /// <summary>An account as the command line shows it: never its hash.</summary>
    private static object View(AccountRow account) => new
    {
        username = account.Username,
        displayName = account.DisplayName,
        role = account.Role,
        teams = account.Teams,
        created = IsoTime.FromMs(account.CreatedMs),
        updated = IsoTime.FromMs(account.UpdatedMs),
        passwordChanged = IsoTime.FromMs(account.PasswordChangedMs),
    };

    /// <summary>The <c>--teams</c> list; a supervisor needs one (when <paramref name="required"/>), an administrator may not have one.</summary>
    private static (IReadOnlyList<string>? Teams, string? Problem) Teams(IReadOnlyDictionary<string, string?> options, string? role, bool required)
    {
        if (!options.TryGetValue("teams", out var text))
        {
            return (null, required && role == TeamScope.SupervisorRole ? "--teams: a supervisor needs the Finesse team ids it may see, e.g. --teams 5002,5003" : null);
        }

        if (role == TeamScope.AdministratorRole)
        {
            return (null, "--teams: an administrator sees every team; --teams is for supervisors");
        }

        var teams = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (teams.Count == 0)
        {
            return (null, "--teams: give at least one Finesse team id, e.g. --teams 5002,5003");
        }

        return teams.Select(AccountRules.Team).FirstOrDefault(p => p is not null) is { } bad ? (null, $"--teams: {bad}") : (teams, null);
    }

    private static async Task<(string? Password, string? Error)> NewPasswordAsync(TextReader stdin, TextWriter stderr)
    {
        var (password, error) = await PasswordInput.ReadAsync(stdin, stderr).ConfigureAwait(false);
        if (password is null)
        {
            return (null, error);
        }

        return AccountRules.Password(password) is { } weak ? (null, $"password: {weak}") : (password, null);
    }

    private static async Task<int> FailAsync(TextWriter stderr, int code, string message)
    {
        await stderr.WriteLineAsync(message).ConfigureAwait(false);
        return code;
    }
}

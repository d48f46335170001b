using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Accounts;

/// <summary>
/// Counts failed sign-ins per username (whether or not it exists, so a lockout reveals nothing) and per client
/// address. After <see cref="AccessOptions.LockoutThreshold"/> failures for a username, or four times as many from
/// one address, sign-in is refused for <see cref="AccessOptions.LockoutDuration"/>, even with the right password
/// (OWASP Authentication Cheat Sheet, "account lockout"). Failures older than three lockout durations are forgotten;
/// a success clears the username's count. Kept in memory: a restart clears it.
/// </summary>
public sealed class SignInThrottle
{
    private const int AddressFactor = 4;
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<AccessOptions> _options;

    public SignInThrottle(TimeProvider time, IOptionsMonitor<AccessOptions> options)
    {
        _time = time;
        _options = options;
    }

    /// <summary>How long sign-in stays refused for this username or address; null when it may be tried.</summary>
    public TimeSpan? Blocked(string username, string? address)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var wait = Remaining(UserKey(username), now);
            var addressWait = address is null ? null : Remaining(AddressKey(address), now);
            return wait is null ? addressWait : addressWait is null ? wait : (wait > addressWait ? wait : addressWait);
        }
    }

    /// <summary>Counts a failure; returns how long sign-in is now refused, when this failure reached a threshold.</summary>
    public TimeSpan? Failed(string username, string? address)
    {
        var options = _options.CurrentValue;
        var threshold = Math.Max(1, options.LockoutThreshold);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            Prune(now, options.LockoutDuration);
            var locked = Count(UserKey(username), threshold, now, options.LockoutDuration);
            if (address is not null)
            {
                locked |= Count(AddressKey(address), threshold * AddressFactor, now, options.LockoutDuration);
            }

            return locked ? options.LockoutDuration : null;
        }
    }

    public void Succeeded(string username)
    {
        lock (_lock)
        {
            _entries.Remove(UserKey(username));
        }
    }

    private static string UserKey(string username) => "u:" + username.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "a:" + address;

    private TimeSpan? Remaining(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.LockedUntil > now ? entry.LockedUntil - now : null;

    private bool Count(string key, int threshold, DateTimeOffset now, TimeSpan lockout)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.LastFailure + (3 * lockout) < now)
        {
            entry = new Entry();
            _entries[key] = entry;
        }

        entry.Failures++;
        entry.LastFailure = now;
        if (entry.Failures < threshold)
        {
            return false;
        }

        entry.Failures = 0;
        entry.LockedUntil = now + lockout;
        return true;
    }

    private void Prune(DateTimeOffset now, TimeSpan lockout)
    {
        if (_entries.Count <= PruneAbove)
        {
            return;
        }

        foreach (var key in _entries.Where(e => e.Value.LockedUntil <= now && e.Value.LastFailure + (3 * lockout) < now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}

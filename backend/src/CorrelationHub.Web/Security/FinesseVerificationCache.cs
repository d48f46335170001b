using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Remembers successful Finesse checks briefly (<c>Finesse:VerifyCacheDuration</c>), so desktop reloads and token
/// renewals do not each cost a Finesse request. Keys are an HMAC of username and credential under a key that lives
/// only in this process: the credential itself is never kept.
/// </summary>
public sealed class FinesseVerificationCache
{
    private const int PruneAbove = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (FinesseVerification Result, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<FinesseOptions> _options;

    public FinesseVerificationCache(TimeProvider time, IOptionsMonitor<FinesseOptions> options)
    {
        _time = time;
        _options = options;
    }

    public bool TryGet(string username, string authorization, out FinesseVerification result)
    {
        if (_entries.TryGetValue(Key(username, authorization), out var entry) && entry.Expires > _time.GetUtcNow())
        {
            result = entry.Result;
            return true;
        }

        result = null!;
        return false;
    }

    public void Remember(string username, string authorization, FinesseVerification result)
    {
        var duration = _options.CurrentValue.VerifyCacheDuration;
        if (result.Outcome != FinesseVerificationOutcome.Verified || duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (_entries.Count > PruneAbove)
        {
            foreach (var stale in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        _entries[Key(username, authorization)] = (result, now + duration);
    }

    private string Key(string username, string authorization) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(username.ToUpperInvariant() + "\n" + authorization)));
}

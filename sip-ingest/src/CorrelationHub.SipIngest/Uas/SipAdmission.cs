using System.Net;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.Uas;

/// <summary>
/// Whether new recordings are taken (docs/interop.md OP-4, OP-5): not while draining (<c>Sip:Drain</c>, read live so an
/// edited appsettings.json takes effect, or set at run time), not beyond <c>Sip:MaxRecordingDialogs</c>. Refusals are
/// 503 with Retry-After, so CUCM marks the trunk destination down and CUBE busies out the dial-peer and fails over;
/// never 486, which stops CUBE's media proxy from trying the other recorders.
/// </summary>
public sealed class SipAdmission
{
    private readonly Func<SipOptions> _options;
    private int _drainOverride = -1;

    private AllowList _peers = new([], []);

    public SipAdmission(IOptionsMonitor<SipOptions> options) => _options = () => options.CurrentValue;

    public SipAdmission(SipOptions options) => _options = () => options;

    /// <summary>
    /// Whether a source may talk to the recorder at all (<c>Sip:AllowedPeers</c>: addresses or CIDR ranges; empty
    /// allows everyone). Read live, like drain.
    /// </summary>
    public bool IsAllowed(IPAddress source)
    {
        var configured = _options().AllowedPeers;
        if (configured.Count == 0)
        {
            return true;
        }

        var peers = Volatile.Read(ref _peers);
        if (!ReferenceEquals(peers.Source, configured))
        {
            peers = new AllowList(configured, [.. configured.Select(Parse).OfType<IPNetwork>()]);
            Volatile.Write(ref _peers, peers);
        }

        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        foreach (var network in peers.Networks)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record AllowList(List<string> Source, IPNetwork[] Networks);

    private static IPNetwork? Parse(string text)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }

    /// <summary>Set at run time, this wins over configuration until set back to null.</summary>
    public bool? DrainOverride
    {
        get => Volatile.Read(ref _drainOverride) switch { -1 => null, 0 => false, _ => true };
        set => Volatile.Write(ref _drainOverride, value switch { null => -1, false => 0, true => 1 });
    }

    public bool Draining => DrainOverride ?? _options().Drain;

    public int RetryAfterSeconds => Math.Max(1, _options().RetryAfterSeconds);

    public int MaxDialogs => _options().MaxRecordingDialogs;

    /// <summary>Why a new recording is refused now, or null when it is welcome.</summary>
    public string? Refusal(int liveDialogs)
    {
        if (Draining)
        {
            return "draining";
        }

        var max = MaxDialogs;
        return max > 0 && liveDialogs >= max ? "at capacity" : null;
    }
}

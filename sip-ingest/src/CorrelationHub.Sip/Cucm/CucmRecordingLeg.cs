using System.Diagnostics.CodeAnalysis;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Cucm;

/// <summary>
/// The recording metadata CUCM puts in the From URI of a Built-in-Bridge or network-based recording INVITE:
/// <c>x-nearend|x-farend;x-refci;x-nearendaddr;x-farendaddr;x-nearenddevice;...;x-sessionid</c>.
/// The two legs of one call differ only in the first parameter. The agent extension is <c>x-nearendaddr</c>,
/// never the From user part (which CUCM sets to the recorded line as well, but not reliably for shared lines).
/// </summary>
public sealed record CucmRecordingLeg
{
    public required CucmLegDirection Direction { get; init; }

    /// <summary>CUCM's call-leg CI of the recorded device ("CH"), shared by both legs and kept across hold/resume.</summary>
    public required string RefCi { get; init; }

    /// <summary>The recorded (agent) extension.</summary>
    public required string NearEndAddress { get; init; }

    public string? FarEndAddress { get; init; }

    public string? NearEndDevice { get; init; }

    public string? NearEndClusterId { get; init; }

    public string? FarEndRefCi { get; init; }

    public string? FarEndDevice { get; init; }

    public string? FarEndClusterId { get; init; }

    /// <summary>32 hex digits; CUCM ends it with the CI.</summary>
    public string? SessionId { get; init; }

    /// <summary><c>x-nearendguid</c>: the gateway GUID of the near end (network-based recording).</summary>
    public string? NearEndGuid { get; init; }

    /// <summary><c>x-farendguid</c>: the Cisco-Gucid of the ingress CVP/CUBE call (network-based recording).</summary>
    public string? FarEndGuid { get; init; }

    /// <summary>The key that pairs the two legs of one recorded call: same CI, same agent address.</summary>
    public string PairKey => $"{RefCi}|{NearEndAddress}";

    /// <summary>Reads the x-parameters from a From header's URI. Returns false when this is not a CUCM recording leg.</summary>
    public static bool TryRead(NameAddress? from, [NotNullWhen(true)] out CucmRecordingLeg? leg)
    {
        leg = null;
        var parameters = from?.Uri?.Parameters;
        if (parameters is null)
        {
            return false;
        }

        CucmLegDirection? direction = null;
        if (parameters.Contains("x-nearend"))
        {
            direction = CucmLegDirection.NearEnd;
        }
        else if (parameters.Contains("x-farend"))
        {
            direction = CucmLegDirection.FarEnd;
        }

        var refCi = parameters.Get("x-refci");
        var nearEndAddress = parameters.Get("x-nearendaddr");
        if (direction is null || string.IsNullOrEmpty(refCi) || string.IsNullOrEmpty(nearEndAddress))
        {
            return false;
        }

        leg = new CucmRecordingLeg
        {
            Direction = direction.Value,
            RefCi = refCi,
            NearEndAddress = nearEndAddress,
            FarEndAddress = NullIfEmpty(parameters.Get("x-farendaddr")),
            NearEndDevice = NullIfEmpty(parameters.Get("x-nearenddevice")),
            NearEndClusterId = NullIfEmpty(parameters.Get("x-nearendclusterid")),
            FarEndRefCi = NullIfEmpty(parameters.Get("x-farendrefci")),
            FarEndDevice = NullIfEmpty(parameters.Get("x-farenddevice")),
            FarEndClusterId = NullIfEmpty(parameters.Get("x-farendclusterid")),
            SessionId = NullIfEmpty(parameters.Get("x-sessionid")),
            NearEndGuid = NullIfEmpty(parameters.Get("x-nearendguid")),
            FarEndGuid = NullIfEmpty(parameters.Get("x-farendguid")),
        };
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

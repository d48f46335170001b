using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorrelationHub.Sip.Messages;

/// <summary>Session-Expires (RFC 4028 §4): delta-seconds and an optional <c>refresher=uac|uas</c>.</summary>
public readonly record struct SessionExpiresHeader(int Seconds, string? Refresher)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionExpiresHeader? header)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var semicolon = span.IndexOf(';');
        var number = (semicolon >= 0 ? span[..semicolon] : span).Trim();
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return false;
        }

        var parameters = semicolon >= 0 ? SipParameters.Parse(span[(semicolon + 1)..]) : new SipParameters();
        var refresher = parameters.Get("refresher")?.Trim().ToLowerInvariant();
        header = new SessionExpiresHeader(seconds, refresher is "uac" or "uas" ? refresher : null);
        return true;
    }

    public override string ToString() => Refresher is null
        ? Seconds.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Seconds};refresher={Refresher}");
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorrelationHub.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42): <c>SIP/2.0/TCP host:port;branch=...;rport;received=...</c>.</summary>
public sealed class ViaHeader
{
    /// <summary>The magic cookie that marks an RFC 3261 branch (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, SipParameters parameters)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>Upper-case transport: UDP, TCP, TLS, WS, WSS, SCTP.</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; }

    public string? Branch => Parameters.Get("branch");

    public string? Received => Parameters.Get("received");

    /// <summary>True when the rport parameter is present (RFC 3581), with or without a value.</summary>
    public bool HasRport => Parameters.Contains("rport");

    public int? Rport => int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    public string SentBy => Port is { } port ? $"{Host}:{port}" : Host;

    public static bool TryParse(string? text, [NotNullWhen(true)] out ViaHeader? via)
    {
        via = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, with optional LWS around slashes.
        var parts = new List<string>(3);
        var i = 0;
        for (var n = 0; n < 3; n++)
        {
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && span[i] != '/' && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            parts.Add(span[start..i].ToString());
            while (i < span.Length && char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            if (n < 2)
            {
                if (i >= span.Length || span[i] != '/')
                {
                    return false;
                }

                i++;
            }
        }

        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase) || parts[2].Length == 0)
        {
            return false;
        }

        var rest = span[i..].Trim();
        var semicolon = rest.IndexOf(';');
        var sentBy = semicolon >= 0 ? rest[..semicolon] : rest;
        var parameters = semicolon >= 0 ? SipParameters.Parse(rest[(semicolon + 1)..]) : new SipParameters();
        if (!SipUri.TrySplitHostPort(sentBy, out var host, out var port))
        {
            return false;
        }

        via = new ViaHeader(parts[2].ToUpperInvariant(), host, port, parameters);
        return true;
    }

    public override string ToString() => $"SIP/2.0/{Transport} {SentBy}{Parameters}";
}

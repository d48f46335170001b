using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CorrelationHub.Sip.Messages;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1): <c>sip:user@host:port;uri-params?headers</c>.
/// CUCM carries its recording metadata as URI parameters (<c>x-refci</c>, <c>x-nearendaddr</c>, ...).
/// </summary>
public sealed class SipUri
{
    public SipUri(string scheme, string? user, string host, int? port, SipParameters parameters, string? headers = null)
    {
        Scheme = scheme;
        User = user;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
    }

    public string Scheme { get; }

    public string? User { get; }

    /// <summary>Host name or address; an IPv6 reference keeps its brackets.</summary>
    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; }

    public string? Headers { get; }

    public string? Transport => Parameters.Get("transport");

    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var scheme = span[..colon].ToString();
        if (!scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = span[(colon + 1)..];
        string? headers = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }

        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            // The user part may itself contain ';' (user parameters); the host starts after the last '@'.
            user = rest[..at].ToString();
            rest = rest[(at + 1)..];
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon >= 0 ? rest[..semicolon] : rest;
        var parameters = semicolon >= 0 ? SipParameters.Parse(rest[(semicolon + 1)..]) : new SipParameters();
        if (!TrySplitHostPort(hostPort, out var host, out var port))
        {
            return false;
        }

        uri = new SipUri(scheme.ToLowerInvariant(), user, host, port, parameters, headers);
        return true;
    }

    internal static bool TrySplitHostPort(ReadOnlySpan<char> hostPort, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        hostPort = hostPort.Trim();
        if (hostPort.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> portText = default;
        if (hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = hostPort[..(close + 1)].ToString();
            if (close + 1 < hostPort.Length)
            {
                if (hostPort[close + 1] != ':')
                {
                    return false;
                }

                portText = hostPort[(close + 2)..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = (colon >= 0 ? hostPort[..colon] : hostPort).ToString();
            if (colon >= 0)
            {
                portText = hostPort[(colon + 1)..];
            }
        }

        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is <= 0 or > 65535)
            {
                return false;
            }

            port = p;
        }

        return host.Length > 0;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(Scheme).Append(':');
        if (User is not null)
        {
            builder.Append(User).Append('@');
        }

        builder.Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port);
        }

        builder.Append(Parameters);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }

        return builder.ToString();
    }
}

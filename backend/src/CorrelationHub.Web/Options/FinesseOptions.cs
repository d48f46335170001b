namespace CorrelationHub.Web.Options;

/// <summary>The Finesse nodes gadgets come from (docs/contracts.md §2, <c>Finesse:*</c>): identity checks and CORS.</summary>
public sealed class FinesseOptions
{
    public const string Section = "Finesse";

    /// <summary>Base URLs of the Finesse nodes, e.g. <c>https://finesse-a.example:8445</c>. Tried in turn, the last good one first.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>
    /// Extra browser origins allowed to call the gadget endpoints (CORS), e.g. the VPN-less reverse proxy's external
    /// name. The origins of <see cref="Servers"/> are always allowed.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long to wait for one Finesse node before trying the next.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a successful check of one credential is reused (desktop reloads, token renewals).</summary>
    public TimeSpan VerifyCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Every origin (<c>scheme://host[:port]</c>) allowed by CORS: the servers' and the extra ones, de-duplicated.</summary>
    public IReadOnlyList<string> CorsOrigins()
    {
        var origins = new List<string>();
        foreach (var value in Servers.Concat(AllowedOrigins))
        {
            if (Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                var origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
                if (!origins.Contains(origin, StringComparer.Ordinal))
                {
                    origins.Add(origin);
                }
            }
        }

        return origins;
    }
}

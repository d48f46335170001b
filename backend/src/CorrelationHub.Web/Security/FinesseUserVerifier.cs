using System.Net;
using System.Net.Http.Headers;
using CorrelationHub.Web.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.Web.Security;

/// <summary>
/// Proves who a gadget speaks for: <c>GET {node}/finesse/api/User/{username}</c> with the agent's own Finesse
/// <c>Authorization</c> header. Agents can read only their own User object, so a 200 proves the credential belongs to
/// that user. Nodes are tried in turn (the last one that answered first), each with a short timeout; a 401/403 stops
/// at once so a wrong password is not multiplied into lockouts. The header is forwarded, never stored or logged.
/// </summary>
public sealed class FinesseUserVerifier
{
    public const string HttpClientName = "finesse";

    private const int MaxBodyBytes = 512 * 1024;

    private readonly IHttpClientFactory _clients;
    private readonly IOptionsMonitor<FinesseOptions> _options;
    private readonly FinesseVerificationCache _cache;
    private readonly ILogger<FinesseUserVerifier> _logger;
    private int _preferred;

    public FinesseUserVerifier(IHttpClientFactory clients, IOptionsMonitor<FinesseOptions> options, FinesseVerificationCache cache, ILogger<FinesseUserVerifier> logger)
    {
        _clients = clients;
        _options = options;
        _cache = cache;
        _logger = logger;
    }

    public async Task<FinesseVerification> VerifyAsync(string authorization, string username, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(username, authorization, out var cached))
        {
            return cached;
        }

        var options = _options.CurrentValue;
        var servers = options.Servers.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().TrimEnd('/')).ToList();
        if (servers.Count == 0)
        {
            return new FinesseVerification(FinesseVerificationOutcome.NotConfigured);
        }

        var client = _clients.CreateClient(HttpClientName);
        var first = Volatile.Read(ref _preferred) % servers.Count;
        for (var attempt = 0; attempt < servers.Count; attempt++)
        {
            var index = (first + attempt) % servers.Count;
            var node = servers[index];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.VerifyTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{node}/finesse/api/User/{Uri.EscapeDataString(username)}");
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        Volatile.Write(ref _preferred, index);
                        return new FinesseVerification(FinesseVerificationOutcome.CredentialRefused, Node: node);
                    case HttpStatusCode.NotFound:
                        Volatile.Write(ref _preferred, index);
                        return new FinesseVerification(FinesseVerificationOutcome.UnknownUser, Node: node);
                    case HttpStatusCode.OK:
                        var user = FinesseUserDocument.Parse(await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false));
                        if (user is null)
                        {
                            SecurityLog.NodeFailed(_logger, node, "the answer is not a Finesse User object");
                            continue;
                        }

                        Volatile.Write(ref _preferred, index);
                        var verified = new FinesseVerification(FinesseVerificationOutcome.Verified, user, node);
                        _cache.Remember(username, authorization, verified);
                        return verified;
                    default:
                        SecurityLog.NodeFailed(_logger, node, $"HTTP {(int)response.StatusCode}");
                        continue;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                SecurityLog.NodeFailed(_logger, node, $"no answer within {options.VerifyTimeout.TotalSeconds:F1} s");
            }
            catch (HttpRequestException ex)
            {
                SecurityLog.NodeFailed(_logger, node, ex.HttpRequestError.ToString());
            }
        }

        SecurityLog.NoNodeAnswered(_logger, username);
        return new FinesseVerification(FinesseVerificationOutcome.Unavailable);
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return string.Empty;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CorrelationHub.SipIngest.Options;

namespace CorrelationHub.SipIngest.Transport;

/// <summary>
/// TLS for SIP (RFC 3261 §26.2, docs/interop.md TR-7): the recorder's certificate, TLS 1.2 or later, and how peer
/// certificates are trusted: a chain that validates here, or a thumbprint listed in <c>Sip:TlsTrustedThumbprints</c>
/// (CUCM's CallManager certificate is often self-signed). A client certificate is asked for only when
/// <c>Sip:TlsRequireClientCertificate</c> is set, and then must be trusted.
/// </summary>
public sealed class SipTlsContext
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private readonly HashSet<string> _trusted;

    public SipTlsContext(X509Certificate2 certificate, bool requireClientCertificate, IEnumerable<string> trustedThumbprints)
    {
        Certificate = certificate;
        RequireClientCertificate = requireClientCertificate;
        _trusted = new HashSet<string>(trustedThumbprints.Select(t => t.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()), StringComparer.Ordinal);
    }

    public X509Certificate2 Certificate { get; }

    public bool RequireClientCertificate { get; }

    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = Certificate,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = RequireClientCertificate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, isClientCertificate: true),
    };

    public SslClientAuthenticationOptions ClientOptions(string targetHost) => new()
    {
        TargetHost = targetHost,
        EnabledSslProtocols = Protocols,
        ClientCertificates = [Certificate],
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, isClientCertificate: false),
    };

    /// <summary>Loads <c>Sip:TlsCertificatePath</c>: PKCS#12 (.pfx, .p12) or PEM with the key in the same or its own file.</summary>
    public static SipTlsContext? FromOptions(SipOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TlsCertificatePath))
        {
            return null;
        }

        var path = options.TlsCertificatePath;
        X509Certificate2 certificate;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.TlsCertificatePassword);
        }
        else
        {
            using var pem = string.IsNullOrEmpty(options.TlsCertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, options.TlsKeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, options.TlsCertificatePassword, options.TlsKeyPath);

            // A PEM key is ephemeral; SslStream needs it in a key container on some platforms, so re-import it.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"Sip:TlsCertificatePath {path} has no private key.");
        }

        return new SipTlsContext(certificate, options.TlsRequireClientCertificate, options.TlsTrustedThumbprints);
    }

    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors, bool isClientCertificate)
    {
        if (certificate is null)
        {
            return isClientCertificate && !RequireClientCertificate;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A client certificate we did not insist on does not have to validate (the connection is still encrypted).
        if (isClientCertificate && !RequireClientCertificate)
        {
            return true;
        }

        using var certificate2 = new X509Certificate2(certificate);
        return _trusted.Contains(certificate2.Thumbprint.ToUpperInvariant()) || _trusted.Contains(certificate2.GetCertHashString(HashAlgorithmName.SHA256).ToUpperInvariant());
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Transport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>Loading the recorder's certificate from the forms engineers have: PKCS#12 or PEM (with its key in a file of its own).</summary>
public sealed class TlsContextTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sipingest-tls-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_pem_certificate_and_key_load_with_the_private_key()
    {
        var certificate = TestCertificates.Create("pem-srs");
        Directory.CreateDirectory(_directory);
        var certPath = Path.Combine(_directory, "srs.crt.pem");
        var keyPath = Path.Combine(_directory, "srs.key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var context = SipTlsContext.FromOptions(new SipOptions { TlsCertificatePath = certPath, TlsKeyPath = keyPath })!;
        Assert.True(context.Certificate.HasPrivateKey);
        Assert.Equal(certificate.Thumbprint, context.Certificate.Thumbprint);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13, context.ServerOptions().EnabledSslProtocols);
        Assert.False(context.ServerOptions().ClientCertificateRequired);
    }

    [Fact]
    public void A_pfx_with_its_password_loads_and_a_missing_path_means_no_tls()
    {
        var path = TestCertificates.WritePfx(TestCertificates.Create("pfx-srs"), _directory, "secret");
        var context = SipTlsContext.FromOptions(new SipOptions { TlsCertificatePath = path, TlsCertificatePassword = "secret", TlsRequireClientCertificate = true });
        Assert.True(context!.ServerOptions().ClientCertificateRequired);
        Assert.Null(SipTlsContext.FromOptions(new SipOptions()));
    }

    [Fact]
    public void A_certificate_without_a_valid_chain_is_trusted_only_by_its_listed_thumbprint()
    {
        var path = TestCertificates.WritePfx(TestCertificates.Create("srs"), _directory, "secret");
        var peer = TestCertificates.Create("callmanager");
        var trusting = SipTlsContext.FromOptions(new SipOptions { TlsCertificatePath = path, TlsCertificatePassword = "secret", TlsRequireClientCertificate = true, TlsTrustedThumbprints = [peer.Thumbprint] })!;
        var strict = SipTlsContext.FromOptions(new SipOptions { TlsCertificatePath = path, TlsCertificatePassword = "secret", TlsRequireClientCertificate = true })!;

        var untrusted = SslPolicyErrors.RemoteCertificateChainErrors;
        Assert.True(trusting.ServerOptions().RemoteCertificateValidationCallback!(this, peer, null, untrusted));
        Assert.False(strict.ServerOptions().RemoteCertificateValidationCallback!(this, peer, null, untrusted));
        Assert.False(strict.ServerOptions().RemoteCertificateValidationCallback!(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }
}

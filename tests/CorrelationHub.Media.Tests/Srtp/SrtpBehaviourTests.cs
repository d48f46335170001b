using System.Security.Cryptography;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

public sealed class SrtpBehaviourTests
{
    [Fact]
    public void A_master_key_is_refused_once_its_lifetime_in_packets_is_used_up()
    {
        var suite = SrtpSuite.AesCm128HmacSha1_80;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        var policy = new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material, lifetime: 16)]);
        using var sender = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        using var receiver = new SrtpSession(policy);
        for (var i = 0; i < 17; i++)
        {
            var plain = RtpPackets.Make((ushort)i, (uint)i * 160, 1);
            var buffer = new byte[plain.Length + sender.RtpOverhead];
            plain.CopyTo(buffer, 0);
            var length = sender.ProtectRtp(buffer, plain.Length);
            Assert.Equal(i < 16 ? SrtpResult.Ok : SrtpResult.KeyExpired, receiver.UnprotectRtp(buffer.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Unencrypted_srtp_is_still_authenticated_and_unauthenticated_srtp_carries_no_tag()
    {
        var suite = SrtpSuite.AesCm128HmacSha1_80;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        var unencrypted = new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]) { UnencryptedSrtp = true };
        using (var sender = new SrtpSession(unencrypted))
        using (var receiver = new SrtpSession(unencrypted))
        {
            var plain = RtpPackets.Make(1, 0, 2);
            var buffer = new byte[plain.Length + sender.RtpOverhead];
            plain.CopyTo(buffer, 0);
            var length = sender.ProtectRtp(buffer, plain.Length);
            Assert.Equal(plain, buffer[..plain.Length]);
            var tampered = buffer[..length];
            tampered[20] ^= 1;
            Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(tampered, out _));
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, length), out var plainLength));
            Assert.Equal(plain.Length, plainLength);
        }

        var unauthenticated = new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]) { UnauthenticatedSrtp = true };
        using (var sender = new SrtpSession(unauthenticated))
        using (var receiver = new SrtpSession(unauthenticated))
        {
            Assert.Equal(0, sender.RtpOverhead);
            var plain = RtpPackets.Make(1, 0, 2);
            var buffer = (byte[])plain.Clone();
            Assert.Equal(plain.Length, sender.ProtectRtp(buffer, plain.Length));
            Assert.NotEqual(plain, buffer);
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer, out _));
            Assert.Equal(plain, buffer);
        }
    }

    [Fact]
    public void The_replay_window_is_128_packets_wide()
    {
        var window = new SrtpReplayWindow();
        window.Accept(1000);
        Assert.True(window.Check(1000 - 127));
        Assert.False(window.Check(1000 - 128));
        window.Accept(873);
        Assert.False(window.Check(873));
        Assert.True(window.Check(1001));
        window.Accept(2000);
        Assert.False(window.Check(1000));
        Assert.True(window.Check(1999));
    }

    [Fact]
    public void A_forged_packet_of_a_new_ssrc_creates_no_context()
    {
        var suite = SrtpSuite.AeadAes128Gcm;
        var material = RandomNumberGenerator.GetBytes(28);
        using var receiver = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        var forged = new byte[12 + 160 + 16];
        RtpPackets.Make(60_000, 0, 77).CopyTo(forged, 0);
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(forged, out _));

        // Had the forgery set the context (highest sequence 60,000), sequence 2 would be guessed as ROC 1 and fail.
        using var sender = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        var plain = RtpPackets.Make(2, 320, 77);
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, plain.Length);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, length), out _));
    }
}

using System.Security.Cryptography;
using CorrelationHub.Media.Srtp;

namespace CorrelationHub.Media.Tests.Srtp;

/// <summary>
/// Packets protected by libsrtp2 (the reference implementation, Debian's libsrtp2-1) decrypt with ours to the same
/// bytes, for every suite, across a sequence wrap; tampered and replayed packets are refused.
/// </summary>
public sealed class LibSrtpCrossCheckTests
{
    public static TheoryData<string> Suites => [.. SrtpSuite.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Suites))]
    public void Libsrtp_packets_decrypt_across_a_sequence_wrap(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material);
        using var ours = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));

        // 65,500 → 65,535 → 0 → 99: the ROC moves to 1 half way (RFC 3711 §3.3.1).
        ushort sequence = 65_500;
        uint timestamp = 1_000;
        for (var i = 0; i < 136; i++, sequence++, timestamp += 160)
        {
            var plain = RtpPackets.Make(sequence, timestamp, 0x1234_5678);
            var wire = reference.Protect(plain);
            Assert.Equal(plain.Length + suite.RtpTagLength, wire.Length);
            Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp(wire, out var length));
            Assert.Equal(plain, wire[..length]);
        }

        // A gap of 1,000 packets after the wrap still estimates the right ROC.
        sequence += 1_000;
        var later = RtpPackets.Make(sequence, timestamp, 0x1234_5678);
        for (var i = 0; i < 1_000; i++)
        {
            reference.Protect(RtpPackets.Make((ushort)(sequence - 1_000 + i), timestamp, 0x1234_5678));
        }

        var laterWire = reference.Protect(later);
        Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp(laterWire, out var laterLength));
        Assert.Equal(later, laterWire[..laterLength]);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Tampered_and_replayed_packets_are_refused(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material);
        using var ours = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        var first = reference.Protect(RtpPackets.Make(10, 0, 7));
        var second = reference.Protect(RtpPackets.Make(11, 160, 7));

        // One flipped bit in the payload, in the header, and in the tag: each fails authentication.
        foreach (var offset in new[] { 20, 3, first.Length - 1 })
        {
            var tampered = (byte[])first.Clone();
            tampered[offset] ^= 0x01;
            Assert.Equal(SrtpResult.AuthenticationFailed, ours.UnprotectRtp(tampered, out _));
        }

        // A forged packet does not move the replay window: the genuine one still decrypts, then not again.
        Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp((byte[])first.Clone(), out _));
        Assert.Equal(SrtpResult.Replayed, ours.UnprotectRtp((byte[])first.Clone(), out _));
        Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp((byte[])second.Clone(), out _));
        Assert.Equal(SrtpResult.Replayed, ours.UnprotectRtp((byte[])first.Clone(), out _));

        // A different key fails authentication, never decrypts to noise.
        using var wrongKey = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, RandomNumberGenerator.GetBytes(suite.KeyMaterialLength))]));
        Assert.Equal(SrtpResult.AuthenticationFailed, wrongKey.UnprotectRtp((byte[])second.Clone(), out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Libsrtp_srtcp_decrypts_and_is_replay_checked(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material);
        using var ours = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        for (var i = 0; i < 3; i++)
        {
            var report = RtpPackets.SenderReport(0xABCD, (uint)(i * 8000));
            var wire = reference.ProtectRtcp(report);
            Assert.Equal(report.Length + 4 + suite.RtcpTagLength, wire.Length);
            var copy = (byte[])wire.Clone();
            Assert.Equal(SrtpResult.Ok, ours.UnprotectRtcp(copy, out var length));
            Assert.Equal(report, copy[..length]);
            Assert.Equal(SrtpResult.Replayed, ours.UnprotectRtcp(wire, out _));
        }
    }

    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AEAD_AES_256_GCM")]
    public void Libsrtp_packets_with_an_mki_pick_the_named_key(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        var other = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material, mki: [0, 0, 0, 2]);
        using var ours = new SrtpSession(new SrtpPolicy(suite,
        [
            SrtpMasterKey.FromKeyMaterial(suite, other, mki: [0, 0, 0, 1]),
            SrtpMasterKey.FromKeyMaterial(suite, material, mki: [0, 0, 0, 2]),
        ]));
        var plain = RtpPackets.Make(500, 0, 99);
        var wire = reference.Protect(plain);
        Assert.Equal(plain.Length + 4 + suite.RtpTagLength, wire.Length);
        Assert.Equal(SrtpResult.Ok, ours.UnprotectRtp(wire, out var length));
        Assert.Equal(plain, wire[..length]);

        var report = RtpPackets.SenderReport(99, 0);
        var rtcp = reference.ProtectRtcp(report);
        Assert.Equal(SrtpResult.Ok, ours.UnprotectRtcp(rtcp, out length));
        Assert.Equal(report, rtcp[..length]);

        using var unnamed = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, other, mki: [0, 0, 0, 1])]));
        Assert.Equal(SrtpResult.UnknownMki, unnamed.UnprotectRtp(reference.Protect(RtpPackets.Make(501, 160, 99)), out _));
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Our_protected_packets_decrypt_in_libsrtp(string name)
    {
        var suite = SrtpSuite.Find(name)!;
        var material = RandomNumberGenerator.GetBytes(suite.KeyMaterialLength);
        using var reference = new LibSrtp(suite, material, outbound: false);
        using var ours = new SrtpSession(new SrtpPolicy(suite, [SrtpMasterKey.FromKeyMaterial(suite, material)]));
        ushort sequence = 65_530;
        for (var i = 0; i < 12; i++, sequence++)
        {
            var plain = RtpPackets.Make(sequence, (uint)i * 160, 0x55);
            var buffer = new byte[plain.Length + ours.RtpOverhead];
            plain.CopyTo(buffer, 0);
            var length = ours.ProtectRtp(buffer, plain.Length);
            Assert.Equal(plain, reference.Unprotect(buffer[..length]));
        }
    }
}

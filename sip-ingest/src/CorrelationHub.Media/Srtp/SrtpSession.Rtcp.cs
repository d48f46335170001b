using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>SRTCP: receive (RFC 3711 §3.4, RFC 7714 §9) and send.</summary>
public sealed partial class SrtpSession
{
    /// <summary>Verifies and decrypts an SRTCP compound packet in place (RFC 3711 §3.4; RFC 7714 §9).</summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        var mkiLength = _policy.MkiLength;
        var tagLength = Suite.RtcpTagLength;
        if (packet.Length < RtcpHeaderLength + 4 + mkiLength + tagLength)
        {
            return SrtpResult.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        int indexOffset;
        ReadOnlySpan<byte> mki;
        if (Suite.IsAead)
        {
            indexOffset = packet.Length - mkiLength - 4;
            mki = packet.Slice(packet.Length - mkiLength, mkiLength);
        }
        else
        {
            indexOffset = packet.Length - tagLength - mkiLength - 4;
            mki = packet.Slice(indexOffset + 4, mkiLength);
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[indexOffset..]);
        var encrypted = (word & 0x8000_0000) != 0;
        var index = word & 0x7FFF_FFFF;
        _streams.TryGetValue(ssrc, out var state);
        if (state is not null && !state.RtcpReplay.Check(index))
        {
            return SrtpResult.Replayed;
        }

        var keys = KeysFor(mki);
        if (keys is null)
        {
            return SrtpResult.UnknownMki;
        }

        if (keys.RtcpPackets >= Math.Min(keys.Master.Lifetime, 1UL << 31))
        {
            return SrtpResult.KeyExpired;
        }

        if (Suite.IsAead)
        {
            Span<byte> nonce = stackalloc byte[12];
            SrtpIv.GcmRtcp(keys.RtcpSalt, ssrc, index, nonce);
            var bodyLength = indexOffset - RtcpHeaderLength - tagLength;
            if (bodyLength < 0)
            {
                return SrtpResult.Malformed;
            }

            var tag = packet.Slice(RtcpHeaderLength + bodyLength, tagLength);
            try
            {
                if (encrypted)
                {
                    // AAD = the first 8 octets and the E‖index word (RFC 7714 §9.2).
                    Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
                    packet[..RtcpHeaderLength].CopyTo(aad);
                    packet.Slice(indexOffset, 4).CopyTo(aad[RtcpHeaderLength..]);
                    var cipher = packet.Slice(RtcpHeaderLength, bodyLength);
                    keys.RtcpGcm!.Decrypt(nonce, cipher, tag, cipher, aad);
                }
                else
                {
                    // Authentication only: the whole packet and the E‖index word are AAD (RFC 7714 §9.3).
                    var aadLength = RtcpHeaderLength + bodyLength;
                    var aad = new byte[aadLength + 4];
                    packet[..aadLength].CopyTo(aad);
                    packet.Slice(indexOffset, 4).CopyTo(aad.AsSpan(aadLength));
                    keys.RtcpGcm!.Decrypt(nonce, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, aad);
                }
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpResult.AuthenticationFailed;
            }

            length = RtcpHeaderLength + bodyLength;
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            keys.RtcpHmac!.Compute(packet[..(indexOffset + 4)], mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet.Slice(packet.Length - tagLength, tagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                SrtpIv.Counter(keys.RtcpSalt, ssrc, index, iv);
                keys.RtcpAes!.Xor(iv, packet[RtcpHeaderLength..indexOffset]);
            }

            length = indexOffset;
        }

        keys.RtcpPackets++;
        state ??= NewState(ssrc, 0, 0, rtpSeen: false);
        state.RtcpReplay.Accept(index);
        state.LastUsed = ++_clock;
        return SrtpResult.Ok;
    }

    /// <summary>Protects an RTCP compound packet (room for <see cref="RtcpOverhead"/> more); returns the SRTCP length.</summary>
    public int ProtectRtcp(Span<byte> buffer, int length, uint? index = null)
    {
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        if (!_streams.TryGetValue(ssrc, out var state))
        {
            state = NewState(ssrc, 0, 0, rtpSeen: false);
        }

        var srtcpIndex = index ?? state.NextRtcpIndex;
        state.NextRtcpIndex = (srtcpIndex + 1) & 0x7FFF_FFFF;
        var encrypted = !_policy.UnencryptedSrtcp;
        var word = (encrypted ? 0x8000_0000u : 0u) | srtcpIndex;
        var keys = _keys[SendKeyIndex];
        var mki = keys.Master.Mki;
        var tagLength = Suite.RtcpTagLength;
        if (Suite.IsAead)
        {
            Span<byte> nonce = stackalloc byte[12];
            SrtpIv.GcmRtcp(keys.RtcpSalt, ssrc, srtcpIndex, nonce);
            Span<byte> wordBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(wordBytes, word);
            var tag = buffer.Slice(length, tagLength);
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
                buffer[..RtcpHeaderLength].CopyTo(aad);
                wordBytes.CopyTo(aad[RtcpHeaderLength..]);
                var plain = buffer[RtcpHeaderLength..length];
                keys.RtcpGcm!.Encrypt(nonce, plain, plain, tag, aad);
            }
            else
            {
                var aad = new byte[length + 4];
                buffer[..length].CopyTo(aad);
                wordBytes.CopyTo(aad.AsSpan(length));
                keys.RtcpGcm!.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, aad);
            }

            wordBytes.CopyTo(buffer[(length + tagLength)..]);
            mki.CopyTo(buffer[(length + tagLength + 4)..]);
            return length + tagLength + 4 + mki.Length;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            SrtpIv.Counter(keys.RtcpSalt, ssrc, srtcpIndex, iv);
            keys.RtcpAes!.Xor(iv, buffer[RtcpHeaderLength..length]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], word);
        Span<byte> mac = stackalloc byte[20];
        keys.RtcpHmac!.Compute(buffer[..(length + 4)], mac);
        mki.CopyTo(buffer[(length + 4)..]);
        mac[..tagLength].CopyTo(buffer[(length + 4 + mki.Length)..]);
        return length + 4 + mki.Length + tagLength;
    }
}

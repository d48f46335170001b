using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CorrelationHub.Media.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one stream (RFC 3711, RFC 6188, RFC 7714), receive and send side. Receiving
/// follows RFC 3711 §3.3 in order: context by SSRC, index estimation, master key by MKI, replay check,
/// authentication with a constant-time compare (AEAD: the GCM tag), decryption, and only then the state update. A
/// new SSRC gets a fresh context with ROC 0, created only once a packet of it authenticated. Not thread-safe: one
/// receive loop owns a session.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private const int MaxStreams = 64;
    private const int RtcpHeaderLength = 8;

    private readonly SrtpPolicy _policy;
    private readonly SrtpSessionKeys[] _keys;
    private readonly Dictionary<uint, SrtpStreamState> _streams = [];
    private long _clock;

    public SrtpSession(SrtpPolicy policy)
        : this(policy, [.. policy.Keys.Select(k => SrtpSessionKeys.Derive(policy.Suite, k))])
    {
    }

    internal SrtpSession(SrtpPolicy policy, SrtpSessionKeys[] keys)
    {
        if (keys.Length == 0)
        {
            throw new ArgumentException("SRTP needs at least one master key.", nameof(policy));
        }

        _policy = policy;
        _keys = keys;
    }

    public SrtpSuite Suite => _policy.Suite;

    /// <summary>Index of the master key the send side uses (tests rotate it to exercise MKI).</summary>
    public int SendKeyIndex { get; set; }

    private int RtpTagLength => _policy.UnauthenticatedSrtp && !Suite.IsAead ? 0 : Suite.RtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtp"/> adds to a packet.</summary>
    public int RtpOverhead => RtpTagLength + _policy.MkiLength;

    public int RtcpOverhead => Suite.RtcpTagLength + 4 + _policy.MkiLength;

    /// <summary>Verifies and decrypts an SRTP packet in place; <paramref name="length"/> is then the plain RTP length.</summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        var mkiLength = _policy.MkiLength;
        var tagLength = RtpTagLength;
        var headerLength = RtpHeaderLength(packet);
        if (headerLength < 0 || packet.Length < headerLength + mkiLength + tagLength)
        {
            return SrtpResult.Malformed;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        _streams.TryGetValue(ssrc, out var state);
        var estimated = state?.EstimateRoc(sequence) ?? 0;
        if (estimated < 0)
        {
            return SrtpResult.Replayed;
        }

        var roc = (uint)estimated;
        var index = ((ulong)roc << 16) | sequence;
        if (state is not null && !state.RtpReplay.Check(index))
        {
            return SrtpResult.Replayed;
        }

        // GCM carries its tag inside the cipher text with the MKI after it (RFC 7714 §8); CM has the MKI before the tag.
        ReadOnlySpan<byte> mki;
        int bodyEnd;
        if (Suite.IsAead)
        {
            mki = packet.Slice(packet.Length - mkiLength, mkiLength);
            bodyEnd = packet.Length - mkiLength;
        }
        else
        {
            mki = packet.Slice(packet.Length - tagLength - mkiLength, mkiLength);
            bodyEnd = packet.Length - tagLength - mkiLength;
        }

        var keys = KeysFor(mki);
        if (keys is null)
        {
            return SrtpResult.UnknownMki;
        }

        if (keys.RtpPackets >= keys.Master.Lifetime)
        {
            return SrtpResult.KeyExpired;
        }

        if (Suite.IsAead)
        {
            var cipherLength = bodyEnd - headerLength - tagLength;
            if (cipherLength < 0)
            {
                return SrtpResult.Malformed;
            }

            Span<byte> nonce = stackalloc byte[12];
            GcmRtpNonce(keys.RtpSalt, ssrc, roc, sequence, nonce);
            var cipher = packet.Slice(headerLength, cipherLength);
            var tag = packet.Slice(headerLength + cipherLength, tagLength);
            try
            {
                keys.RtpGcm!.Decrypt(nonce, cipher, tag, cipher, packet[..headerLength]);
            }
            catch (AuthenticationTagMismatchException)
            {
                return SrtpResult.AuthenticationFailed;
            }

            length = headerLength + cipherLength;
        }
        else
        {
            if (tagLength > 0)
            {
                Span<byte> rocBytes = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
                Span<byte> mac = stackalloc byte[20];
                var hmac = keys.RtpHmac!;
                hmac.AppendData(packet[..bodyEnd]);
                hmac.AppendData(rocBytes);
                hmac.GetHashAndReset(mac);
                if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet.Slice(packet.Length - tagLength, tagLength)))
                {
                    return SrtpResult.AuthenticationFailed;
                }
            }

            if (!_policy.UnencryptedSrtp)
            {
                Span<byte> iv = stackalloc byte[16];
                CounterIv(keys.RtpSalt, ssrc, index, iv);
                AesCounterMode.Xor(keys.RtpAes!, iv, packet[headerLength..bodyEnd]);
            }

            length = bodyEnd;
        }

        keys.RtpPackets++;
        state ??= NewState(ssrc, roc, sequence);
        state.Update(roc, sequence);
        state.RtpReplay.Accept(index);
        state.LastUsed = ++_clock;
        return SrtpResult.Ok;
    }

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
            GcmRtcpNonce(keys.RtcpSalt, ssrc, index, nonce);
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
            var hmac = keys.RtcpHmac!;
            hmac.AppendData(packet[..(indexOffset + 4)]);
            hmac.GetHashAndReset(mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet.Slice(packet.Length - tagLength, tagLength)))
            {
                return SrtpResult.AuthenticationFailed;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                CounterIv(keys.RtcpSalt, ssrc, index, iv);
                AesCounterMode.Xor(keys.RtcpAes!, iv, packet[RtcpHeaderLength..indexOffset]);
            }

            length = indexOffset;
        }

        keys.RtcpPackets++;
        state ??= NewState(ssrc, 0, 0, rtpSeen: false);
        state.RtcpReplay.Accept(index);
        state.LastUsed = ++_clock;
        return SrtpResult.Ok;
    }

    /// <summary>
    /// Protects an RTP packet of <paramref name="length"/> bytes in <paramref name="buffer"/> (which has room for
    /// <see cref="RtpOverhead"/> more) and returns the SRTP length. Used by test senders and the load generator.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        var headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0)
        {
            throw new ArgumentException("not an RTP packet", nameof(buffer));
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (!_streams.TryGetValue(ssrc, out var state))
        {
            state = NewState(ssrc, 0, sequence);
        }
        else if (sequence < state.HighestSequence && state.HighestSequence - sequence > 32768)
        {
            state.Roc++;
            state.HighestSequence = sequence;
        }
        else if (sequence > state.HighestSequence)
        {
            state.HighestSequence = sequence;
        }

        var roc = state.Roc;
        var keys = _keys[SendKeyIndex];
        var mki = keys.Master.Mki;
        var tagLength = RtpTagLength;
        if (Suite.IsAead)
        {
            Span<byte> nonce = stackalloc byte[12];
            GcmRtpNonce(keys.RtpSalt, ssrc, roc, sequence, nonce);
            var plain = buffer[headerLength..length];
            keys.RtpGcm!.Encrypt(nonce, plain, plain, buffer.Slice(length, tagLength), buffer[..headerLength]);
            mki.CopyTo(buffer[(length + tagLength)..]);
            return length + tagLength + mki.Length;
        }

        if (!_policy.UnencryptedSrtp)
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(keys.RtpSalt, ssrc, ((ulong)roc << 16) | sequence, iv);
            AesCounterMode.Xor(keys.RtpAes!, iv, buffer[headerLength..length]);
        }

        mki.CopyTo(buffer[length..]);
        if (tagLength > 0)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            Span<byte> mac = stackalloc byte[20];
            keys.RtpHmac!.AppendData(buffer[..length]);
            keys.RtpHmac.AppendData(rocBytes);
            keys.RtpHmac.GetHashAndReset(mac);
            mac[..tagLength].CopyTo(buffer[(length + mki.Length)..]);
        }

        return length + mki.Length + tagLength;
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
            GcmRtcpNonce(keys.RtcpSalt, ssrc, srtcpIndex, nonce);
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
            CounterIv(keys.RtcpSalt, ssrc, srtcpIndex, iv);
            AesCounterMode.Xor(keys.RtcpAes!, iv, buffer[RtcpHeaderLength..length]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], word);
        Span<byte> mac = stackalloc byte[20];
        keys.RtcpHmac!.AppendData(buffer[..(length + 4)]);
        keys.RtcpHmac.GetHashAndReset(mac);
        mki.CopyTo(buffer[(length + 4)..]);
        mac[..tagLength].CopyTo(buffer[(length + 4 + mki.Length)..]);
        return length + 4 + mki.Length + tagLength;
    }

    public void Dispose()
    {
        foreach (var keys in _keys)
        {
            keys.Dispose();
        }
    }

    /// <summary>Length of the RTP header with CSRCs and extension (RFC 3550 §5.1, §5.3.1); −1 when malformed.</summary>
    internal static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        var offset = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                return -1;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        }

        return offset > packet.Length ? -1 : offset;
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16).</summary>
    internal static void CounterIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[13 - i] ^= (byte)(index >> (8 * i));
        }
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt.</summary>
    internal static void GcmRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint roc, ushort sequence, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 ‖ SSRC ‖ 0x0000 ‖ 0 ‖ SRTCP index) XOR salt.</summary>
    internal static void GcmRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    private SrtpSessionKeys? KeysFor(ReadOnlySpan<byte> mki)
    {
        if (mki.IsEmpty)
        {
            return _keys[0];
        }

        foreach (var keys in _keys)
        {
            if (mki.SequenceEqual(keys.Master.Mki))
            {
                return keys;
            }
        }

        return null;
    }

    private SrtpStreamState NewState(uint ssrc, uint roc, ushort sequence, bool rtpSeen = true)
    {
        if (_streams.Count >= MaxStreams)
        {
            // Forget the least recently used context; a sender that comes back starts again at ROC 0.
            var oldest = _streams.MinBy(p => p.Value.LastUsed).Key;
            _streams.Remove(oldest);
        }

        var state = new SrtpStreamState { Roc = roc, HighestSequence = rtpSeen ? sequence : (ushort)0, RtpSeen = rtpSeen };
        _streams[ssrc] = state;
        return state;
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.Media.Codecs;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.Facts;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CorrelationHub.Media.Tests.Loopback;

/// <summary>
/// The recorder's media side on real loopback sockets (port pool, RTP/RTCP receivers, stream receivers, segment
/// recorder, WAV file) with a manual clock: each packet is sent over UDP, the test waits until the receiver handled
/// it, then moves the clock. Arrival times are therefore exact and the tests fast.
/// </summary>
internal sealed class MediaLoopback : IDisposable
{
    private readonly List<StreamReceiver> _streams = [];
    private readonly List<Socket> _senders = [];

    public MediaLoopback(MediaOptions? media = null, int sampleRate = 0, int opusSampleRate = 16000, bool maskDtmf = false)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ch-loopback-" + Guid.NewGuid().ToString("N")[..10]);
        Media = media ?? new MediaOptions();
        var rtpBase = 41000 + (Random.Shared.Next(0, 900) * 20);
        Media.RtpPortMin = rtpBase;
        Media.RtpPortMax = rtpBase + 199;
        var recording = new RecordingOptions { Directory = Directory, SampleRate = sampleRate, OpusSampleRate = opusSampleRate, MaskDtmf = maskDtmf };
        Factory = new MediaStreamFactory(
            new RtpPortPool(Media.RtpPortMin, Media.RtpPortMax, Time),
            Time,
            Microsoft.Extensions.Options.Options.Create(Media),
            Microsoft.Extensions.Options.Options.Create(recording),
            Facts,
            NullLogger<MediaStreamFactory>.Instance,
            RtpReceiveEngine.Create(Microsoft.Extensions.Options.Options.Create(Media), NullLogger<RtpReceiveEngine>.Instance));
        Recorder = Factory.CreateRecorder("2026/04/20/loop-01.wav", Time.GetUtcNow());
    }

    public FakeTimeProvider Time { get; } = new();

    public CapturingSink Facts { get; } = new();

    public MediaOptions Media { get; }

    public string Directory { get; }

    public MediaStreamFactory Factory { get; }

    public SegmentRecorder Recorder { get; }

    public static Dictionary<int, RtpMap> G711 => new() { [0] = new RtpMap(0, "PCMU", 8000), [8] = new RtpMap(8, "PCMA", 8000), [101] = new RtpMap(101, "telephone-event", 8000) };

    public StreamReceiver Open(int channel, IReadOnlyDictionary<int, RtpMap>? payloads = null, bool awaitAnswer = false, SdesCrypto? crypto = null)
    {
        var stream = Factory.Open(IPAddress.Loopback, channel, payloads ?? G711, awaitAnswer) ?? throw new InvalidOperationException("no RTP port");
        stream.UseSenderCrypto(crypto);
        stream.Attach(Recorder);
        stream.Start();
        stream.MarkAck(Time.GetTimestamp());
        _streams.Add(stream);
        return stream;
    }

    public Socket Sender()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _senders.Add(socket);
        return socket;
    }

    /// <summary>Sends one datagram to the stream's RTP port (or RTCP port) and waits until the receiver handled it.</summary>
    public void Deliver(StreamReceiver stream, Socket from, byte[] packet, bool rtcp = false)
    {
        var before = stream.Datagrams;
        from.SendTo(packet, new IPEndPoint(IPAddress.Loopback, stream.Port + (rtcp ? 1 : 0)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (stream.Datagrams <= before)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the receiver did not handle the datagram");
            }

            Thread.Sleep(1);
        }
    }

    public void Advance(double milliseconds) => Time.Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Stops the streams, finishes the segment and reads the file back.</summary>
    public WavData Finish()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }

        lock (Recorder.Gate)
        {
            Recorder.Finish(Time.GetUtcNow());
        }

        return WavData.Parse(File.ReadAllBytes(Recorder.FinalPath));
    }

    public void Dispose()
    {
        foreach (var stream in _streams)
        {
            stream.Dispose();
        }

        foreach (var socket in _senders)
        {
            socket.Dispose();
        }

        Factory.Dispose();

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    public sealed class CapturingSink : IRecordingFactSink
    {
        public ConcurrentQueue<RecordingFact> Published { get; } = new();

        public void Publish(RecordingFact fact) => Published.Enqueue(fact);
    }
}

/// <summary>A G.711 or G.722 RTP sender's packets: a continuous tone cut into 20 ms packets.</summary>
internal sealed class ToneStream(double frequency, uint ssrc, ushort firstSequence, uint firstTimestamp, int payloadType = 0)
{
    private readonly G722Encoder _g722 = new();
    private int _sampleIndex;

    public ushort Sequence { get; set; } = firstSequence;

    public uint Timestamp { get; set; } = firstTimestamp;

    public uint Ssrc { get; set; } = ssrc;

    /// <summary>The next 20 ms packet; sequence and timestamp advance.</summary>
    public byte[] Next(int? payloadTypeOverride = null)
    {
        var pt = payloadTypeOverride ?? payloadType;
        var wide = pt == 9;
        var samples = Tone.Sine(frequency, wide ? 16000 : 8000, wide ? 320 : 160, phaseOffset: _sampleIndex);
        _sampleIndex += samples.Length;
        var payload = new byte[160];
        if (wide)
        {
            _g722.Encode(samples, payload);
        }
        else
        {
            for (var i = 0; i < 160; i++)
            {
                payload[i] = pt == 8 ? Codecs.G711.EncodeALaw(samples[i]) : Codecs.G711.EncodeMuLaw(samples[i]);
            }
        }

        var packet = Rtp(pt, Sequence, Timestamp, Ssrc, payload);
        Sequence++;
        Timestamp += 160;
        return packet;
    }

    public static byte[] Rtp(int payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }
}

internal static class Audio
{
    /// <summary>RMS of each 20 ms frame of one channel.</summary>
    public static double[] FrameRms(short[] channel, int sampleRate)
    {
        var frame = sampleRate / 50;
        return [.. Enumerable.Range(0, channel.Length / frame).Select(i => Tone.Rms(channel.AsSpan(i * frame, frame)))];
    }

    /// <summary>Count of exactly silent samples in a range.</summary>
    public static int Zeros(ReadOnlySpan<short> samples)
    {
        var count = 0;
        foreach (var sample in samples)
        {
            if (sample == 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>First index of a run of at least <paramref name="length"/> zeros, or −1.</summary>
    public static int SilenceRun(short[] samples, int length, int from = 0)
    {
        var run = 0;
        for (var i = from; i < samples.Length; i++)
        {
            run = samples[i] == 0 ? run + 1 : 0;
            if (run >= length)
            {
                return i - length + 1;
            }
        }

        return -1;
    }
}

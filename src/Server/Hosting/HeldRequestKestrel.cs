using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MusicVideo.Server.Hosting;

/// <summary>
/// Kestrel settings for requests held up to the seed hold (7 minutes by default) with no bytes flowing: nothing in
/// Kestrel may cut them, and the TCP connection is kept alive so idle middleboxes keep it and dead clients are noticed.
/// </summary>
static class HeldRequestKestrel
{
    /// <summary>TCP keep-alive: first probe after this much silence (well under common NAT/firewall idle limits of 60–350 s).</summary>
    public static readonly TimeSpan KeepAliveIdle = TimeSpan.FromSeconds(30);

    public static void Apply(KestrelServerOptions kestrel, TimeSpan hold)
    {
        // Kestrel has no timeout that runs while a handler is awaiting: RequestHeadersTimeout only bounds receiving the
        // headers and MinResponseDataRate only runs while a write is pending, so both keep their defaults. KeepAliveTimeout
        // is the idle time between requests; it must outlast any proxy idle timeout raised for the hold, so the proxy
        // closes an idle connection first and never reuses one the server has just closed.
        var keepAlive = hold + TimeSpan.FromSeconds(60);
        if (keepAlive > kestrel.Limits.KeepAliveTimeout)
        {
            kestrel.Limits.KeepAliveTimeout = keepAlive;
        }

        // HTTP/2 has a real in-protocol keep-alive (PING frames, no body bytes): use it during long holds.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(60);

        // HTTP/1.1 has no usable interim response from Kestrel (102 Processing cannot be sent), so held HTTP/1.1
        // requests rely on TCP keep-alive: probes every 10 s after 30 s of silence; 6 unanswered probes end the
        // connection, which aborts the request (the orchestration carries on).
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { ProtocolType: ProtocolType.Tcp } socket)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)KeepAliveIdle.TotalSeconds);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 6);
            }

            return next(connection);
        }));
    }
}

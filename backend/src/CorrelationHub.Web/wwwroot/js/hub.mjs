// The connection to /hubs/map: connect, Subscribe() after every (re)connect and on request (a version gap), and
// report the connection state. SignalR's automatic reconnect covers short breaks; after it gives up, this keeps
// trying (a backend restart can take longer), so the page never needs a reload. When a map token expires the hub
// closes the connection (CloseOnAuthenticationExpiration) and the reconnect asks accessTokenFactory for the renewed one.

const RETRY_MS = [0, 1000, 2000, 4000, 8000, 15000];

export function createHub({ signalR, access, handlers, log = () => {} }) {
  const options = { headers: { 'X-CorrelationHub-Request': '1' } };
  if (access.gadget) options.accessTokenFactory = () => access.token;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('hubs/map', options)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => (context.elapsedMilliseconds > 30000 ? null : RETRY_MS[Math.min(context.previousRetryCount, RETRY_MS.length - 1)]) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.serverTimeoutInMilliseconds = 30000;

  let subscribing = false;
  let again = false;
  let attempts = 0;
  let stopped = false;

  const state = (value) => handlers.onState(value);

  async function subscribe() {
    if (subscribing) {
      again = true;
      return;
    }
    subscribing = true;
    try {
      do {
        again = false;
        handlers.onSubscribing();
        const snapshot = await connection.invoke('Subscribe');
        handlers.onSnapshot(snapshot);
      } while (again);
      state('live');
    } catch (error) {
      log(`subscribe failed: ${error.message}`);
      if (connection.state === signalR.HubConnectionState.Connected) setTimeout(subscribe, 2000);
    } finally {
      subscribing = false;
    }
  }

  connection.on('Delta', (delta) => handlers.onDelta(delta));
  connection.on('Tick', (tick) => handlers.onTick(tick));
  connection.onreconnecting(() => state('reconnecting'));
  connection.onreconnected(() => {
    attempts = 0;
    subscribe();
  });
  connection.onclose(() => {
    if (stopped) return;
    state('disconnected');
    retry();
  });

  function retry() {
    const delay = RETRY_MS[Math.min(attempts, RETRY_MS.length - 1)];
    attempts += 1;
    setTimeout(start, delay);
  }

  async function start() {
    if (stopped || connection.state !== signalR.HubConnectionState.Disconnected) return;
    try {
      await connection.start();
      attempts = 0;
      await subscribe();
    } catch (error) {
      log(`connect failed: ${error.message}`);
      state('disconnected');
      retry();
    }
  }

  return {
    start() {
      state('connecting');
      return start();
    },
    /** Asks for a fresh snapshot (the feed found a gap). */
    resync: subscribe,
    stop() {
      stopped = true;
      return connection.stop();
    },
    get connection() {
      return connection;
    },
  };
}

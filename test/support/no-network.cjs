// Preloaded into the server (node --require) by the no-network test: every attempt to open a
// network connection or resolve a name is written to $NO_NETWORK_LOG and then fails.
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const log = (what) => fs.appendFileSync(process.env.NO_NETWORK_LOG, `${what}\n`);
const refuse = (what) => {
  log(what);
  throw new Error(`network access refused in this test: ${what}`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = args[0];
  // Local IPC (pipes, the LSP's own stdio) is not the network.
  if (typeof options === 'string' || (options && typeof options === 'object' && options.path)) return connect.apply(this, args);
  return refuse(`net.connect ${JSON.stringify(options)}`);
};
dns.lookup = (host) => refuse(`dns.lookup ${host}`);
globalThis.fetch = async (url) => refuse(`fetch ${url}`);

// Node: the CommonJS build of every entry loads with require() (effect itself is
// ESM only: Node >= 20.19 requires it synchronously).
const root = require("effect-withallo")
const testing = require("effect-withallo/testing")
const node = require("effect-withallo/node")
console.log(JSON.stringify({
  resolved: require.resolve("effect-withallo").endsWith(".cjs"),
  sms: typeof root.Sms.layer,
  test: typeof testing.WithalloTest.layer,
  fakeServer: typeof node.FakeServer.start
}))

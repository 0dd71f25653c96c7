// The reference: a bare Node http server answering what the hello functions answer.
const http = require('http');
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('Hello, world');
}).listen(Number(process.argv[2] || 0), '127.0.0.1', function () { console.log(`READY port=${this.address().port}`); });

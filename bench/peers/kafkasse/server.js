'use strict';
// Wikimedia KafkaSSE as a benchmark peer: the server from the kafka-sse README, with the broker
// address and the port taken from the environment. Each request opens one KafkaConsumer (one
// librdkafka client) assigned to the topics in the path, starting at the latest offsets unless
// the request carries a Last-Event-ID (KafkaSSE's JSON array of topic/partition/offset).
//   KAFKA_BROKERS=127.0.0.1:19092 PORT=18083 node server.js     ->  GET /<topic>[,<topic>...]
const kafkaSse = require('kafka-sse');
const http = require('http');

const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:19092';
const port = parseInt(process.env.PORT || '18083', 10);
const options = {
    kafkaConfig: { 'metadata.broker.list': brokers },
    // bunyan logger at warn level: the default logs every connection at info.
    logger: require('bunyan').createLogger({ name: 'KafkaSSE', level: 'warn' })
};

const server = http.createServer();
server.on('request', (req, res) => {
    const topics = req.url.replace('/', '').split('?')[0].split(',');
    kafkaSse(req, res, topics, options).catch(() => {});
});
server.maxConnections = 20000;
server.keepAliveTimeout = 0;
server.listen(port, '127.0.0.1', () => {
    console.log(`KafkaSSE listening on http://127.0.0.1:${port}/:topics (brokers ${brokers})`);
});

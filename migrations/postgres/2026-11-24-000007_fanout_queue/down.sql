DROP TABLE fanout_queue;

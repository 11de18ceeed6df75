-- A station's floor area in square metres (服务场地面积), null until recorded.
ALTER TABLE stations ADD COLUMN floor_area BIGINT;
